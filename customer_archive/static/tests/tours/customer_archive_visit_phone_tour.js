/** @odoo-module **/
import { registry } from "@web/core/registry";
import { onPhone, pickMany2one } from "./customer_archive_tour_utils";

/**
 * From a planned visit's form to a done visit: start it, share the location (check-in), see
 * the check-in's coordinates, record `outcome` and `summary`, mark it done. The main actions
 * are buttons under the status bar on a phone, in the header on a desktop.
 */
export function visitCheckInToDoneSteps({ outcome, summary, latitude }) {
    const actions = onPhone() ? ".o_visit_phone_actions" : ".o_statusbar_buttons";
    return [
        {
            content: "Start the visit",
            trigger: `.o_form_view ${actions} button[name=action_start]`,
            run: "click",
        },
        {
            content: "The check-in asks first: share the location",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Checked in: the check-in page shows",
            trigger: ".o_notebook_headers a[name=visit_checkin]",
            run: "click",
            timeout: 30000,
        },
        {
            content: "The salesperson sees the coordinates of their check-in",
            trigger: `.o_field_widget[name=checkin_location]:contains(${latitude})`,
        },
        {
            content: "with a link to the map",
            trigger: ".o_field_widget[name=checkin_map_url] a[href*='openstreetmap.org']",
        },
        ...pickMany2one("outcome_id", outcome, "Record the outcome"),
        {
            content: "Open the summary page",
            trigger: ".o_notebook_headers a[name=visit_summary]",
            run: "click",
        },
        {
            content: "Write a short summary",
            trigger: ".o_field_widget[name=summary] .odoo-editor-editable",
            run: `editor ${summary}`,
        },
        {
            content: "Done",
            trigger: `.o_form_view ${actions} button[name=action_done].btn-primary`,
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ];
}

// A salesperson's day on a 390×844 phone (language-neutral: field and button names, data typed
// by the tour). The main actions are buttons under the status bar, not in the ⚙ menu.
registry.category("web_tour.tours").add("customer_archive_visit_phone_tour", {
    steps: () => [
        {
            content: "Plan Visit is a button on the archive, not hidden in the ⚙ menu",
            trigger: ".o_form_view .o_visit_phone_actions button[name=action_plan_visit]",
            run: "click",
        },
        ...visitCheckInToDoneSteps({
            outcome: "手机成交",
            summary: "客户同意试用样品",
            latitude: "30.274085",
        }),
    ],
});
