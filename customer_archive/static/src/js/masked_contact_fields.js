/** @odoo-module **/
// A masked phone number or e-mail (139****2087, z***@example.com) is text, never a link: the
// phone and e-mail fields show it without tel:/sms:/mailto: (and without the call and SMS
// buttons), in every view. Every mask contains "***" (customer.archive.sensitive.field). The
// owners of an archive call and write through the logged one-tap actions instead.
import { EmailField } from "@web/views/fields/email/email_field";
import { PhoneField } from "@web/views/fields/phone/phone_field";
import { patch } from "@web/core/utils/patch";

export const MASK_MARK = "***";

export function isMaskedValue(value) {
    return typeof value === "string" && value.includes(MASK_MARK);
}

const maskAware = {
    get customerArchiveMasked() {
        return isMaskedValue(this.props.record.data[this.props.name]);
    },
};

patch(PhoneField.prototype, maskAware);
patch(EmailField.prototype, maskAware);
