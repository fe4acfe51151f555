/** @odoo-module **/
import { registry } from "@web/core/registry";

// The plan wizard: preview, remove a line, create; the calendar shows the visits at the times
// asked for (language-neutral: field and button names, customer names of the test).
registry.category("web_tour.tours").add("customer_archive_visit_plan_tour", {
    steps: () => [
        {
            content: "Preview the visits",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "The first customer (by name) is at 09:00",
            trigger: ".modal .o_data_row:contains(丙计划客户):contains(09:00)",
        },
        {
            content: "The third one at 12:00",
            trigger: ".modal .o_data_row:contains(甲计划客户):contains(12:00)",
        },
        {
            content: "Remove the second one",
            trigger: ".modal .o_data_row:contains(乙计划客户) .o_list_record_remove",
            run: "click",
        },
        {
            content: "Only two lines are left",
            trigger: ".modal .o_field_widget[name=line_ids]:not(:has(.o_data_row:contains(乙计划客户)))",
        },
        {
            content: "Create the visits",
            trigger: ".modal button[name=action_plan]",
            run: "click",
        },
        {
            content: "The calendar shows the first visit at 09:00",
            trigger: ".o_calendar_widget .fc-event:contains(丙计划客户) .fc-time:contains(09:00)",
        },
        {
            content: "and the other at 12:00",
            trigger: ".o_calendar_widget .fc-event:contains(甲计划客户) .fc-time:contains(12:00)",
        },
    ],
});
