/** @odoo-module **/
import { registry } from "@web/core/registry";

// An archive officer requests a controlled print from the archive form and submits it.
registry.category("web_tour.tours").add("customer_archive_print_request_tour", {
    steps: () => [
        {
            content: "Request a print from the archive form",
            trigger: ".o_form_view button[name=action_request_print]",
            run: "click",
        },
        {
            content: "The request lists the archive",
            trigger: ".o_field_widget[name=partner_ids] .o_data_row:contains(杭州巡印客户有限公司)",
        },
        {
            content: "Give the purpose",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: "edit 巡检核对客户资料",
        },
        {
            content: "Submit the request",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "The request waits for approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ],
});

// Once approved, the officer prints the card from the archive form and finds the printed copy
// in the register.
registry.category("web_tour.tours").add("customer_archive_print_card_tour", {
    steps: () => [
        {
            content: "Print the archive card from the archive form",
            trigger: ".o_form_view button[name=action_print_archive_card]",
            run: "click",
        },
        {
            content: "Open the controlled printing menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_archive.customer_archive_print_root_menu']",
            run: "click",
        },
        {
            content: "Open the register of printed copies",
            trigger: "a[data-menu-xmlid='customer_archive.customer_archive_print_copy_menu'], .dropdown-item[data-menu-xmlid='customer_archive.customer_archive_print_copy_menu']",
            run: "click",
        },
        {
            content: "The printed copy is registered with its serial number",
            trigger: ".o_list_view .o_data_row:contains(SK)",
        },
    ],
});
