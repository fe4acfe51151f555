/** @odoo-module **/
// The visit calendar (Visits → Visit Plan) titles its month, week and day, and the month of its
// side date picker, in the user's language: Odoo's calendar joins a month name and a year
// ("十二月 2026", "December 2026"); here Intl's own pattern of the locale writes them
// ("2026年12月", "December 2026").
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { registry } from "@web/core/registry";
import { calendarView } from "@web/views/calendar/calendar_view";
import { CalendarController } from "@web/views/calendar/calendar_controller";

const MONTH = { year: "numeric", month: "long" };
const DAY = { year: "numeric", month: "long", day: "numeric" };

function joinParts(parts) {
    return parts.map((part) => part.value).join("");
}

/**
 * Two months in the order of the locale's month-and-year pattern, the year written once when
 * they share it: "2026年11月 – 12月", "November – December 2026", "2026年12月 – 2027年1月".
 * (Intl's own range format writes "2026/11 – 2026/12" in Chinese.)
 */
export function formatMonthRange(start, end) {
    if (start.hasSame(end, "month")) {
        return start.toLocaleString(MONTH);
    }
    if (start.year !== end.year) {
        return `${start.toLocaleString(MONTH)} – ${end.toLocaleString(MONTH)}`;
    }
    const first = start.toLocaleParts(MONTH);
    const last = end.toLocaleParts(MONTH);
    const monthOf = (parts) => parts.findIndex((part) => part.type === "month");
    const yearFirst = first.findIndex((part) => part.type === "year") < monthOf(first);
    if (yearFirst) {
        return `${joinParts(first)} – ${joinParts(last.slice(monthOf(last)))}`;
    }
    return `${joinParts(first.slice(0, monthOf(first) + 1))} – ${joinParts(last)}`;
}

/** The side date picker of the visit calendar: its months titled as the calendar's. */
export class VisitCalendarDatePicker extends DateTimePicker {
    get titles() {
        const { focusDate, precision } = this.state;
        if (precision !== "days" || !focusDate) {
            return super.titles;
        }
        const months = [focusDate];
        if (this.additionalMonth) {
            months.push(focusDate.plus({ month: 1 }));
        }
        return months.map((date) => date.toLocaleString(MONTH));
    }
}

export class VisitCalendarController extends CalendarController {
    static components = { ...CalendarController.components, DatePicker: VisitCalendarDatePicker };

    get currentMonth() {
        return this.date.toLocaleString(MONTH);
    }

    get weekHeader() {
        return formatMonthRange(this.model.rangeStart, this.model.rangeEnd);
    }

    get dayHeader() {
        return this.date.toLocaleString(DAY);
    }
}

export const visitCalendarView = {
    ...calendarView,
    Controller: VisitCalendarController,
};

registry.category("views").add("customer_archive_visit_calendar", visitCalendarView);
