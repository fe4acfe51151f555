/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_archive_create_tour", {
    url: "/odoo/customer-archives",
    steps: () => [
        {
            content: "Create a new archive from the archive list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type the company name",
            trigger: ".o_field_widget[name=name] :is(input, textarea)",
            run: "edit 杭州巡检贸易有限公司",
        },
        {
            content: "Open the enterprise page",
            trigger: ".o_notebook_headers a[name=customer_archive_enterprise]",
            run: "click",
        },
        {
            content: "Type the unified social credit code",
            trigger: ".o_field_widget[name=credit_code] input",
            run: "edit 91350100M000100Y43",
        },
        {
            content: "Save the archive",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The archive number is given",
            trigger: ".o_field_widget[name=archive_number]:contains(KH)",
        },
        {
            content: "Back to the archive list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The new archive is in the list",
            trigger: ".o_list_view .o_data_row:contains(杭州巡检贸易有限公司)",
        },
    ],
});
