/** @odoo-module **/
import { registry } from "@web/core/registry";

// On a phone, the salesperson of an archive sees its mobile and its contact's masked, with no
// link built from a mask, and calls the archive and then the contact with one tap each (the
// server logs each use and answers with the tel: URL of the clear number).
registry.category("web_tour.tours").add("customer_archive_contact_use_tour", {
    steps: () => [
        {
            content: "The archive's mobile is masked, shown without a call link",
            trigger: ".o_field_widget[name=mobile] .o_customer_archive_masked input:value(138****0001)",
        },
        {
            content: "No call, SMS or e-mail button on a masked value",
            trigger: ".o_field_widget[name=mobile]:not(:has(a)):not(:has(.o_field_phone_sms))",
        },
        {
            content: "The contact's masked e-mail is not a mailto: link",
            trigger: ".o_field_widget[name=child_ids] .o_kanban_record:contains(吴丽华) .o_customer_archive_masked:contains(w***@example.cn)",
        },
        {
            content: "No link anywhere carries a masked value",
            trigger: "body:not(:has(a[href*='***']))",
        },
        {
            content: "Call the archive",
            trigger: ".o_form_view div[name=archive_contact_use] button[name=action_archive_call]",
            run: "click",
        },
        {
            content: "Call the contact from its card",
            trigger: ".o_field_widget[name=child_ids] .o_kanban_record:contains(吴丽华) button[name=action_archive_call]",
            run: "click",
        },
        {
            content: "Text the contact from its card",
            trigger: ".o_field_widget[name=child_ids] .o_kanban_record:contains(吴丽华) button[name=action_archive_sms]",
            run: "click",
        },
        {
            content: "No error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});
