/** @odoo-module **/
import { registry } from "@web/core/registry";

// Used by TestTourLogCheck: the tour itself succeeds, but on its way the server refuses an
// action (Done without outcome nor summary) and logs it at WARNING: the test must fail.
registry.category("web_tour.tours").add("customer_archive_tour_log_check_tour", {
    steps: () => [
        {
            content: "Mark the planned visit done without outcome nor summary",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "The server refuses it",
            trigger: ".modal .o_error_dialog, .modal:has(.o_dialog_warning), .modal .modal-body",
        },
        {
            content: "Close the refusal",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Back on the visit, still planned",
            trigger: "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=planned]",
        },
    ],
});
