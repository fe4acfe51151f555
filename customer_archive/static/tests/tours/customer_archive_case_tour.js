/** @odoo-module **/
import { registry } from "@web/core/registry";

// Language-neutral: field names, button names and data typed by the tour only.
// From an archive's form, the salesperson opens its service cases, records a new one, starts
// handling it, resolves it with a resolution and records the customer's satisfaction score.
registry.category("web_tour.tours").add("customer_archive_case_tour", {
    steps: () => [
        {
            content: "Open the archive's service cases (smart button)",
            trigger: ".o_form_view .o-form-buttonbox button[name=action_open_cases]",
            run: "click",
        },
        {
            content: "Record a new case",
            trigger: ".o_kanban_view .o-kanban-button-new, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The customer is the archive's",
            trigger: ".o_field_widget[name=partner_id] input:value(杭州巡检服务客户有限公司)",
        },
        {
            content: "Choose the case type",
            trigger: ".o_field_widget[name=type_id] input",
            run: "edit 上门检修",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains(上门检修)",
            run: "click",
        },
        {
            content: "Describe the problem",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor 复印机频繁卡纸",
        },
        {
            content: "Save the case",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start handling it",
            trigger: ".o_form_saved button[name=action_start]",
            run: "click",
        },
        {
            content: "Started: the button is gone",
            trigger: ".o_form_saved:not(:has(button[name=action_start]))",
        },
        {
            content: "Write the resolution",
            trigger: ".o_field_widget[name=resolution] textarea",
            run: "edit 更换搓纸轮后恢复正常",
        },
        {
            content: "Resolve the case",
            trigger: "button[name=action_resolve]",
            run: "click",
        },
        {
            content: "The case is resolved (it can only be reopened)",
            trigger: ".o_form_saved button[name=action_reopen]",
        },
        {
            content: "Rate the customer's satisfaction with the resolved case",
            trigger: ".o_form_saved button[name=action_satisfaction_open_wizard]",
            run: "click",
        },
        {
            content: "Score 4 of 5",
            trigger: ".modal .o_field_widget[name=score] input[data-value='4']",
            run: "click",
        },
        {
            content: "The customer's comment",
            trigger: ".modal .o_field_widget[name=feedback] textarea",
            run: "edit 处理及时，很满意",
        },
        {
            content: "Save the score",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The case shows its score",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name=satisfaction_feedback]:contains(处理及时)",
        },
    ],
});
