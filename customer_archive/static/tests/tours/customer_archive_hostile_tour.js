/** @odoo-module **/
import { registry } from "@web/core/registry";

// Opens an archive whose name and text fields hold <script>, <img onerror> and <b>: the text
// shows as typed, no script runs and no element is created from it.
registry.category("web_tour.tours").add("customer_archive_hostile_form_tour", {
    url: "/odoo/customer-archives",
    steps: () => [
        {
            content: "Search the archive by its name",
            trigger: ".o_searchview_input",
            run: "edit 表单有限公司",
        },
        {
            content: "Validate the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The list shows the name as text",
            trigger: ".o_list_view .o_data_row:contains(表单有限公司)",
            run() {
                if (!this.anchor.textContent.includes("<script>window.caXss = 1</script><img")) {
                    throw new Error(`name not shown as typed: ${this.anchor.textContent}`);
                }
            },
        },
        {
            content: "Open the archive",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(表单有限公司)",
            run: "click",
        },
        {
            content: "The form shows the name as text",
            trigger: ".o_form_view .o_field_widget[name=name] input, .o_form_view .o_field_widget[name=name] textarea",
            run() {
                const value = this.anchor.value;
                if (!value.includes('<img src="x" onerror="window.caXss = 2">')) {
                    throw new Error(`name not shown as typed: ${value}`);
                }
            },
        },
        {
            content: "Open the enterprise page",
            trigger: ".o_notebook_headers a[name=customer_archive_enterprise]",
            run: "click",
        },
        {
            content: "No element was created from the text and no script ran",
            trigger: ".o_field_widget[name=main_products]",
            run() {
                if (document.querySelector('img[src="x"]') ||
                    [...document.querySelectorAll("b")].some((b) => b.textContent === "粗")) {
                    throw new Error("markup from a text field was rendered");
                }
                if (window.caXss) {
                    throw new Error(`a script from a text field ran (${window.caXss})`);
                }
            },
        },
    ],
});
