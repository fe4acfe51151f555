/** @odoo-module **/
import { registry } from "@web/core/registry";

// Language-neutral: field names, button names and data typed by the tour only.
registry.category("web_tour.tours").add("customer_archive_visit_tour", {
    url: "/odoo/action-customer_archive.customer_archive_visit_action",
    steps: () => [
        {
            content: "Plan a new visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 巡访客户",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains(杭州巡访客户有限公司)",
            run: "click",
        },
        {
            content: "Save the planned visit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start the visit",
            trigger: ".o_form_saved button[name=action_start]",
            run: "click",
        },
        {
            content: "The visit is started (the primary Done button shows)",
            trigger: ".o_form_saved button[name=action_done].btn-primary",
        },
        {
            content: "Record the outcome",
            trigger: ".o_field_widget[name=outcome_id] input",
            run: "edit 巡访成交",
        },
        {
            content: "Pick the outcome",
            trigger: ".o-autocomplete--dropdown-item:contains(巡访成交)",
            run: "click",
        },
        {
            content: "Open the summary page",
            trigger: ".o_notebook_headers a[name=visit_summary]",
            run: "click",
        },
        {
            content: "Write the next step",
            trigger: ".o_field_widget[name=next_step] input",
            run: "edit 寄送样品",
        },
        {
            content: "Write a short summary (a done visit needs one)",
            trigger: ".o_field_widget[name=summary] .odoo-editor-editable",
            run: "editor 客户同意试用样品",
        },
        {
            content: "Mark the visit done",
            trigger: "button[name=action_done].btn-primary",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
        {
            content: "The follow-up activity is shown",
            trigger: ".o-mail-Activity:contains(寄送样品)",
        },
    ],
});
