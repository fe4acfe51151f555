/** @odoo-module **/
import { registry } from "@web/core/registry";

// Check-in consent in the real browser: the visit form's "Start Visit" asks first; the
// answer is chosen by the button the tour clicks (declined, or shared but the headless
// browser grants no geolocation permission).
function checkinSteps(answerSelector) {
    return [
        {
            content: "Start the visit",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "The check-in asks the user first",
            trigger: ".modal .modal-footer",
        },
        {
            content: "Answer the consent question",
            trigger: `.modal .modal-footer ${answerSelector}`,
            run: "click",
        },
        {
            content: "The visit is started (the Done button replaces Start Visit)",
            trigger: ".o_form_view button.btn-primary[name=action_done]",
            timeout: 30000,
        },
    ];
}

registry.category("web_tour.tours").add("customer_archive_visit_checkin_decline_tour", {
    steps: () => checkinSteps("button:not(.btn-primary)"),
});

registry.category("web_tour.tours").add("customer_archive_visit_checkin_share_tour", {
    steps: () => [
        ...checkinSteps("button.btn-primary"),
        {
            content: "Without a location the user is told the visit started without check-in",
            trigger: ".o_notification.border-warning, .o_notification_manager .o_notification",
            timeout: 30000,
        },
    ],
});
