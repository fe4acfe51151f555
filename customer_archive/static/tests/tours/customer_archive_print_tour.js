/** @odoo-module **/
import { browser } from "@web/core/browser/browser";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { clickHeaderButton } from "./customer_archive_tour_utils";

/**
 * From an archive's form: request `copies` controlled prints of it for `purpose` and submit
 * the request (the header buttons are in the ⚙ menu on a phone).
 */
export function requestPrintSteps({ archive, purpose, copies }) {
    return [
        ...clickHeaderButton("action_request_print", "Request a print from the archive form"),
        {
            content: "The request lists the archive",
            trigger: `.o_field_widget[name=partner_ids] .o_data_row:contains(${archive}), .o_field_widget[name=partner_ids] .o_kanban_record:contains(${archive})`,
        },
        {
            content: "Give the purpose",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: `edit ${purpose}`,
        },
        {
            content: "Ask for the copies",
            trigger: ".o_field_widget[name=copies] input",
            run: `edit ${copies}`,
        },
        ...clickHeaderButton("action_submit", "Submit the request"),
        {
            content: "The request waits for approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ];
}

// An archive officer requests three copies (one per print button tried) from the archive form.
registry.category("web_tour.tours").add("customer_archive_print_request_tour", {
    steps: () =>
        requestPrintSteps({ archive: "杭州巡印客户有限公司", purpose: "巡检核对客户资料", copies: 3 }),
});

// The PDFs the web client receives from /report/download. Chrome does not save downloads
// during tests: the tour reads each answer on its way to the download (the request itself is
// the web client's own, unchanged) and stores it as an attachment for the Python test, which
// extracts its text with pdftotext.
const reportAnswers = [];

export function watchReportDownloads() {
    // Odoo renders reports as HTML while tests run unless the context asks for the real PDF.
    user.updateContext({ force_report_rendering: true });
    const Base = browser.XMLHttpRequest;
    if (Base.customerArchiveWatched) {
        return;
    }
    browser.XMLHttpRequest = class extends Base {
        static customerArchiveWatched = true;
        open(method, url, ...args) {
            this.customerArchiveUrl = url;
            return super.open(method, url, ...args);
        }
        send(body) {
            if (this.customerArchiveUrl === "/report/download") {
                this.addEventListener("load", () => reportAnswers.push(this.response));
            }
            return super.send(body);
        }
    };
}

export async function keepReceivedPdf(name) {
    for (let waited = 0; !reportAnswers.length; waited += 100) {
        if (waited > 55000) {
            throw new Error("No answer to the report download");
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const blob = reportAnswers.shift();
    if (blob.type !== "application/pdf") {
        throw new Error(`The print button did not download a PDF but ${blob.type}`);
    }
    const dataUrl = await new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.readAsDataURL(blob);
    });
    await rpc("/web/dataset/call_kw/ir.attachment/create", {
        model: "ir.attachment",
        method: "create",
        args: [[{ name, datas: dataUrl.split(",")[1], mimetype: "application/pdf" }]],
        kwargs: {},
    });
}

/**
 * On an archive's form, print its card under the approved request with the button (in the
 * ⚙ menu on a phone) and keep the PDF received as the attachment `fileName`.
 */
export function printFromFormSteps(fileName) {
    return [
        {
            content: "Watch the report downloads",
            trigger: ".o_form_view",
            run: watchReportDownloads,
        },
        ...clickHeaderButton("action_print_archive_card", "Print the archive card from its form"),
        {
            content: "The PDF of the archive form arrives",
            trigger: ".o_form_view",
            run: () => keepReceivedPdf(fileName),
            timeout: 60000, // wkhtmltopdf on a busy test machine
        },
    ];
}

// Once approved, the officer prints the card with each print button: the archive form, the
// Print menu of the archive list, and the print request; then finds the copies in the register.
registry.category("web_tour.tours").add("customer_archive_print_card_tour", {
    steps: () => [
        ...printFromFormSteps("customer_archive_tour_card_form.pdf"),
        {
            content: "Back to the archive list",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Select the archive",
            trigger: ".o_data_row:contains(杭州巡印客户有限公司) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print the archive card",
            // The report's name in either language of the test database
            trigger: ".o-dropdown-item:contains(Archive Card), .o-dropdown-item:contains(客户档案表)",
            run: "click",
        },
        {
            content: "The PDF of the archive list arrives",
            trigger: ".o_list_view",
            run: () => keepReceivedPdf("customer_archive_tour_card_list.pdf"),
            timeout: 60000, // wkhtmltopdf on a busy test machine
        },
        {
            content: "Open the controlled printing menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_archive.customer_archive_print_root_menu']",
            run: "click",
        },
        {
            content: "Open the print requests",
            trigger: ".dropdown-item[data-menu-xmlid='customer_archive.customer_archive_print_request_menu']",
            run: "click",
        },
        {
            content: "Show every request, not only those to approve",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the approved request",
            trigger: ".o_data_row:contains(巡检核对客户资料) td[name=name]",
            run: "click",
        },
        {
            content: "Print from the request",
            trigger: ".o_form_view button[name=action_print]",
            run: "click",
        },
        {
            content: "The PDF of the request arrives",
            trigger: ".o_form_view",
            run: () => keepReceivedPdf("customer_archive_tour_card_request.pdf"),
            timeout: 60000, // wkhtmltopdf on a busy test machine
        },
        {
            content: "Open the controlled printing menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_archive.customer_archive_print_root_menu']",
            run: "click",
        },
        {
            content: "Open the register of printed copies",
            trigger: ".dropdown-item[data-menu-xmlid='customer_archive.customer_archive_print_copy_menu']",
            run: "click",
        },
        {
            content: "The printed copies are registered with their serial numbers",
            trigger: ".o_list_view .o_data_row:contains(SK):eq(2)",
        },
    ],
});

// The approving manager sees the approved request without a Print button: only the
// requester prints.
registry.category("web_tour.tours").add("customer_archive_print_manager_tour", {
    steps: () => [
        {
            content: "The request is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        {
            content: "The manager has no Print button",
            trigger: ".o_form_view:not(:has(button[name=action_print]))",
        },
    ],
});
