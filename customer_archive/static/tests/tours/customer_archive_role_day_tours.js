/** @odoo-module **/
// A working day of each role (tests/test_role_day_tours.py): the same tour on a desktop and on a
// phone, in Chinese and in English. The Python test gives the data and the words the user must
// read in their language (window.caTour); selectors use field, button and menu names only.
import { registry } from "@web/core/registry";
import { useContactFromCard } from "./customer_archive_contact_use_tour";
import { printFromFormSteps, requestPrintSteps } from "./customer_archive_print_tour";
import {
    clickHeaderButton,
    noMaskedLinks,
    onPhone,
    openMenu,
    recordContactUrls,
    screenshot,
    tourParams,
} from "./customer_archive_tour_utils";
import { visitCheckInToDoneSteps } from "./customer_archive_visit_phone_tour";

const VISITS = "customer_archive.customer_archive_visit_root_menu";
const CONFIG = "customer_archive.customer_archive_config_menu";
const CONFIDENTIALITY = "customer_archive.customer_archive_confidentiality_menu";

/** A record of a list or kanban view (a phone shows kanban views where there is one). */
function row(text) {
    return `.o_data_row:contains(${text}), .o_kanban_record:contains(${text})`;
}

/** What to click to open that record: its cell in a list, its card in a kanban view. */
function recordToOpen(text) {
    return `.o_list_view .o_data_row .o_data_cell:contains(${text}), .o_kanban_view .o_kanban_record:contains(${text})`;
}

/**
 * The title of the calendar (its week badge left out) matches `pattern`, and so does the month
 * of the side date picker (a desktop's) when `monthPattern` is given.
 */
function calendarTitle(scale, pattern, monthPattern) {
    return {
        content: `The ${scale} is titled in the user's language`,
        trigger: ".o_calendar_header h5:not(:empty)",
        run() {
            const title = document.querySelector(".o_calendar_header h5");
            const text = [...title.childNodes]
                .filter((node) => !node.classList?.contains("badge"))
                .map((node) => node.textContent)
                .join("")
                .trim();
            if (!new RegExp(pattern).test(text)) {
                throw new Error(`Calendar ${scale} title "${text}" does not match ${pattern}`);
            }
            const picker = document.querySelector(".o_calendar_sidebar .o_header_part");
            if (monthPattern && !onPhone() && !new RegExp(monthPattern).test(picker.textContent)) {
                throw new Error(`Date picker title "${picker.textContent}" does not match ${monthPattern}`);
            }
        },
    };
}

// 业务员: open an own archive, call a contact, plan and do a visit with check-in, look at the
// visit plan, claim a customer from the public pool.
registry.category("web_tour.tours").add("customer_archive_salesperson_day_tour", {
    steps: () => {
        const p = tourParams();
        return [
            {
                content: "The archive list, named in the user's language",
                trigger: `.o_breadcrumb:contains(${p.words.archives})`,
            },
            screenshot("archive_list", row(p.archive)),
            {
                content: "Open an own archive",
                trigger: recordToOpen(p.archive),
                run: "click",
            },
            {
                content: "Plan Visit, in the user's language, is at hand",
                trigger: `.o_form_view button[name=action_plan_visit]:contains(${p.words.plan_visit})`,
            },
            noMaskedLinks(),
            screenshot("archive_form", ".o_form_view .o_field_widget[name=child_ids] .o_kanban_record", {
                phone: true,
            }),
            recordContactUrls(),
            ...useContactFromCard(p.contact, "call", p.contact_url),
            {
                content: "Read why the archive has its tier",
                trigger: ".o_notebook_headers a[name=customer_archive_tier]",
                run: "click",
            },
            {
                content: "The explanation shows",
                trigger: ".o_field_widget[name=tier_explanation]:not(:empty)",
                run() {
                    this.anchor.scrollIntoView({ block: "center" });
                },
            },
            screenshot("archive_tier", ".o_field_widget[name=tier_explanation]:not(:empty)"),
            {
                content: "Plan a visit of the archive",
                trigger: ".o_form_view button[name=action_plan_visit]",
                run: "click",
            },
            ...visitCheckInToDoneSteps({
                outcome: p.outcome,
                summary: p.summary,
                latitude: p.latitude,
            }),
            screenshot("visit_done", ".o_statusbar_status:has(.o_arrow_button_current[data-value=done])", {
                phone: true,
            }),
            ...openMenu(VISITS, "customer_archive.customer_archive_visit_calendar_menu", "Open the visit plan"),
            {
                content: "The week of the visit plan shows",
                trigger: ".o_calendar_view .fc-view-harness",
            },
            calendarTitle("week", p.week_title, p.month_title),
            screenshot("visit_calendar", ".o_calendar_view .fc-view-harness", { phone: true }),
            {
                content: "Switch to the month",
                trigger: ".o_view_scale_selector button.dropdown-toggle, .o_view_scale_selector .scale_button_selection",
                run: "click",
            },
            {
                content: "Month",
                trigger: ".o_scale_button_month",
                run: "click",
            },
            {
                content: "The month shows",
                trigger: ".o_calendar_view .fc-dayGridMonth-view",
            },
            calendarTitle("month", p.month_title),
            ...openMenu(VISITS, "customer_archive.res_partner_public_pool_menu", "Open the public pool"),
            {
                content: "The public pool, named in the user's language",
                trigger: `.o_breadcrumb:contains(${p.words.pool})`,
            },
            screenshot("public_pool", `.o_list_view .o_data_row:contains(${p.pool_customer})`),
            {
                content: "Claim a customer",
                trigger: `.o_data_row:contains(${p.pool_customer}) button[name=action_pool_claim]`,
                run: "click",
            },
            {
                content: "The customer left the pool",
                trigger: `.o_list_view:not(:has(.o_data_row:contains(${p.pool_customer})))`,
            },
        ];
    },
});

// 档案管理员, morning: ask for a controlled print of an archive.
registry.category("web_tour.tours").add("customer_archive_officer_request_tour", {
    steps: () => {
        const p = tourParams();
        return [
            {
                content: "Request Print, in the user's language",
                trigger: onPhone()
                    ? ".o_form_view .o_field_widget[name=archive_number]"
                    : `.o_statusbar_buttons button[name=action_request_print]:contains(${p.words.request_print})`,
            },
            ...requestPrintSteps({ archive: p.archive, purpose: p.purpose, copies: 1 }),
            screenshot("print_request", ".o_statusbar_status:has(.o_arrow_button_current[data-value=submitted])"),
        ];
    },
});

// 档案主管: approve the print request from the activity, read the risk assessment, name a tier.
registry.category("web_tour.tours").add("customer_archive_manager_day_tour", {
    steps: () => {
        const p = tourParams();
        return [
            {
                content: "Open the activities",
                trigger: ".o_menu_systray .dropdown-toggle:has(.fa-clock-o)",
                run: "click",
            },
            {
                content: "The print requests to approve",
                trigger: ".o-mail-ActivityGroup[data-model_name='customer.archive.print.request']",
                run: "click",
            },
            {
                content: "Open the request",
                trigger: recordToOpen(p.purpose),
                run: "click",
            },
            {
                content: "Approve, in the user's language",
                trigger: onPhone()
                    ? ".o_form_view .o_field_widget[name=purpose]"
                    : `.o_statusbar_buttons button[name=action_approve]:contains(${p.words.approve})`,
            },
            ...clickHeaderButton("action_approve", "Approve the request"),
            {
                content: "The request is approved",
                trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
            },
            {
                content: "The approval activity is done",
                trigger: ".o_form_view:not(:has(.o-mail-Activity))",
            },
            ...openMenu(CONFIDENTIALITY, "customer_archive.customer_archive_risk_menu", "Open the risk assessment"),
            {
                content: "The risk assessment, named in the user's language",
                trigger: `.o_breadcrumb:contains(${p.words.risk})`,
            },
            {
                content: "Open this month",
                trigger: ".o_list_view .o_group_header:first",
                run: "click",
            },
            {
                content: "Its figures show",
                trigger: ".o_list_view .o_data_row",
            },
            screenshot("risk_assessment", ".o_list_view .o_data_row"),
            ...openMenu(CONFIG, "customer_archive.customer_archive_tier_config_menu", "Open the customer tiers"),
            {
                content: "Edit the tier",
                trigger: `.o_data_row:contains(${p.tier_code}) .o_data_cell[name=name]`,
                run: "click",
            },
            {
                content: "Name it",
                trigger: ".o_data_row.o_selected_row td[name=name] input",
                run: `edit ${p.tier_name}`,
            },
            {
                content: "Save",
                trigger: ".o_list_button_save",
                run: "click",
            },
            {
                content: "Saved",
                trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(${p.tier_name})`,
            },
        ];
    },
});

// 档案管理员, once approved: print the card with the button (its PDF is read by the test).
registry.category("web_tour.tours").add("customer_archive_officer_print_tour", {
    steps: () => printFromFormSteps(tourParams().pdf_name),
});

// IT 管理员: the app's own Settings, under its Configuration menu.
registry.category("web_tour.tours").add("customer_archive_admin_day_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...openMenu(CONFIG, "customer_archive.res_config_settings_menu", "Open the app's settings"),
            {
                content: "The app's settings, in the user's language",
                trigger: `.o_form_view label[for=archive_dormant_days_0]:contains(${p.words.dormant_days}), .o_form_view label:contains(${p.words.dormant_days})`,
            },
            screenshot("settings", ".o_field_widget[name=archive_dormant_days] input"),
            {
                content: "Set the days of dormancy",
                trigger: ".o_field_widget[name=archive_dormant_days] input",
                run: `edit ${p.dormant_days}`,
            },
            {
                content: "Save (the web client reloads)",
                trigger: ".o_form_button_save",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "Saved",
                trigger: `.o_form_view:not(.o_form_dirty) .o_field_widget[name=archive_dormant_days] input:value(${p.dormant_days})`,
            },
        ];
    },
});
