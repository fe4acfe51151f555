/** @odoo-module **/
// Client action returned by the one-tap Call / SMS / E-mail buttons of an archive
// (res.partner._archive_contact_use): opens the tel:, sms: or mailto: URL on the device.
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

const SCHEMES = ["tel:", "sms:", "mailto:"];

export function openContactUrl(env, action) {
    const url = action.params?.url || "";
    if (!SCHEMES.some((scheme) => url.startsWith(scheme)) || url.includes("***")) {
        throw new Error(`Not a contact URL: ${url}`);
    }
    browser.location.assign(url);
}

registry.category("actions").add("customer_archive_open_contact_url", openContactUrl);
