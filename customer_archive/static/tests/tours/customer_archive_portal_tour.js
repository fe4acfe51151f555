/** @odoo-module **/
import { registry } from "@web/core/registry";

// The main contact of an archive corrects the company's street on the portal (客户自行修改).
registry.category("web_tour.tours").add("customer_archive_portal_correction_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the company information from the portal home",
            trigger: "a[href='/my/archive']",
            run: "click",
        },
        {
            content: "The page shows the company's street",
            trigger: "input[name=street]:value(福州市鼓楼区五四路 1 号)",
        },
        {
            content: "Correct the street",
            trigger: "input[name=street]",
            run: "edit 福州市鼓楼区五四路 99 号",
        },
        {
            content: "Say why",
            trigger: "textarea[name=reason]",
            run: "edit 公司已搬迁",
        },
        {
            content: "Send the correction",
            trigger: ".o_customer_archive_portal_send",
            run: "click",
        },
        {
            content: "The correction is waiting for confirmation",
            trigger: ".o_customer_archive_portal_submitted",
        },
        {
            content: "The pending correction is listed; the form still shows the recorded street",
            trigger: ".o_customer_archive_portal_pending td:contains(福州市鼓楼区五四路 99 号)",
            run() {
                const street = document.querySelector("input[name=street]").value;
                if (street !== "福州市鼓楼区五四路 1 号") {
                    throw new Error(`the archive was changed before confirmation: ${street}`);
                }
            },
        },
    ],
});
