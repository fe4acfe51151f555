/** @odoo-module **/
import { registry } from "@web/core/registry";

// An archive officer opens a new archive waiting for approval (建档审批), sees the required
// document that is missing and sends the archive back with a reason.
registry.category("web_tour.tours").add("customer_archive_approval_send_back_tour", {
    steps: () => [
        {
            content: "The archive waits in Archive Approvals",
            trigger: ".o_list_view .o_data_row:contains(温州巡检待审有限公司) td.o_data_cell[name=complete_name]",
            run: "click",
        },
        {
            content: "The archive is to approve",
            trigger: ".o_form_view .ribbon:contains(To Approve)",
        },
        {
            content: "Open the Documents page",
            trigger: ".o_notebook_headers a[name=customer_archive_documents]",
            run: "click",
        },
        {
            content: "The missing required document is named",
            trigger: ".alert-warning:contains(Legal Representative's ID Card)",
        },
        {
            content: "Send the archive back",
            trigger: ".o_form_view button[name=action_archive_send_back]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 缺少法人代表身份证复印件",
        },
        {
            content: "Confirm",
            trigger: ".modal footer button[name=action_send_back]",
            run: "click",
        },
        {
            content: "The archive is sent back",
            trigger: ".o_form_view .ribbon:contains(Sent Back)",
        },
        {
            content: "No error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});

// With the documents complete, the officer approves the resubmitted archive.
registry.category("web_tour.tours").add("customer_archive_approval_approve_tour", {
    steps: () => [
        {
            content: "The resubmitted archive waits in Archive Approvals",
            trigger: ".o_list_view .o_data_row:contains(温州巡检待审有限公司) td.o_data_cell[name=complete_name]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_archive_approve]",
            run: "click",
        },
        {
            content: "The archive is approved: no ribbon any more",
            trigger: ".o_form_view:not(:has(.ribbon)):not(:has(button[name=action_archive_approve]))",
        },
        {
            content: "Open the Archive page",
            trigger: ".o_notebook_headers a[name=customer_archive]",
            run: "click",
        },
        {
            content: "The approval badge says so",
            trigger: ".o_field_widget[name=archive_approval_state]:contains(Approved)",
        },
        {
            content: "No error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});
