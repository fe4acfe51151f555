/** @odoo-module **/
import { registry } from "@web/core/registry";

// A salesperson's day on a 390×844 phone (language-neutral: field and button names, data typed
// by the tour). The main actions are buttons under the status bar, not in the ⚙ menu.
registry.category("web_tour.tours").add("customer_archive_visit_phone_tour", {
    steps: () => [
        {
            content: "Plan Visit is a button on the archive, not hidden in the ⚙ menu",
            trigger: ".o_form_view .o_visit_phone_actions button[name=action_plan_visit]",
            run: "click",
        },
        {
            content: "The new visit is proposed at a free slot: start it",
            trigger: ".o_form_view .o_visit_phone_actions button[name=action_start]",
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
            trigger: ".o_field_widget[name=checkin_location]:contains(30.274085)",
        },
        {
            content: "with a link to the map",
            trigger: ".o_field_widget[name=checkin_map_url] a[href*='openstreetmap.org']",
        },
        {
            content: "Record the outcome (on a phone the choices open full screen)",
            trigger: ".o_field_widget[name=outcome_id] input",
            run: "click",
        },
        {
            content: "Pick the outcome",
            trigger: ".modal .o_kanban_record:contains(手机成交), .modal .o_data_row:contains(手机成交)",
            run: "click",
        },
        {
            content: "Open the summary page",
            trigger: ".o_notebook_headers a[name=visit_summary]",
            run: "click",
        },
        {
            content: "Write a short summary",
            trigger: ".o_field_widget[name=summary] .odoo-editor-editable",
            run: "editor 客户同意试用样品",
        },
        {
            content: "Done is a button under the status bar",
            trigger: ".o_form_view .o_visit_phone_actions button[name=action_done].btn-primary",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
