/** @odoo-module **/
import { registry } from "@web/core/registry";
import { contactUrlOpened, noMaskedLinks, recordContactUrls } from "./customer_archive_tour_utils";

/** Call (`channel` "call") or text ("sms") `contact` from its card on the archive form. */
export function useContactFromCard(contact, channel, expectedUrl) {
    return [
        {
            content: `${channel} ${contact} from the contact's card`,
            trigger: `.o_field_widget[name=child_ids] .o_kanban_record:contains(${contact}) button[name=action_archive_${channel}]`,
            run: "click",
        },
        contactUrlOpened(expectedUrl),
    ];
}

// On a phone, the salesperson of an archive sees its mobile and its contact's masked, with no
// link built from a mask, and calls the archive and then the contact with one tap each (the
// server logs each use and answers with the tel: URL of the clear number, which the phone opens).
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
        noMaskedLinks(),
        recordContactUrls(),
        {
            content: "Call the archive",
            trigger: ".o_form_view div[name=archive_contact_use] button[name=action_archive_call]",
            run: "click",
        },
        contactUrlOpened("tel:13805710001"),
        ...useContactFromCard("吴丽华", "call", "tel:13913562087"),
        ...useContactFromCard("吴丽华", "sms", "sms:13913562087"),
        {
            content: "No error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});
