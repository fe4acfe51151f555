/** @odoo-module **/
import { registry } from "@web/core/registry";

// An archive user opens a person archive: sensitive fields show their masks (dates and
// amounts as text), editing another field and saving keeps the real values (checked in Python).
registry.category("web_tour.tours").add("customer_archive_masking_tour", {
    steps: () => [
        {
            content: "The mobile is masked",
            trigger: ".o_field_widget[name=mobile] input:value(139****2231)",
        },
        {
            content: "Open the person page",
            trigger: ".o_notebook_headers a[name=customer_archive_person]",
            run: "click",
        },
        {
            content: "The birthday is masked",
            trigger: ".o_field_widget[name=birthday] input:value(****-**-**)",
        },
        {
            content: "The resident id is masked",
            trigger: ".o_field_widget[name=resident_id] input:value(3501**********)",
        },
        {
            content: "Change the WeChat id",
            trigger: ".o_field_widget[name=wechat_id] input",
            run: "edit zxm_wechat",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
