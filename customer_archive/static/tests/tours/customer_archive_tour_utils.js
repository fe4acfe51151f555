/** @odoo-module **/
// Helpers shared by the addon's tours (tests/tour_common.py, TourCase, is their Python side).
import { browser } from "@web/core/browser/browser";
import { utils as uiUtils } from "@web/core/ui/ui_service";

/** The parameters the Python test gave (TourCase.tour_params), on every page. */
export function tourParams() {
    return window.caTour || {};
}

/** A phone-sized screen: Odoo moves header buttons into the ⚙ menu, menus into a sidebar. */
export function onPhone() {
    return uiUtils.isSmall();
}

async function waitUntil(condition, what, timeout = 30000) {
    for (let waited = 0; !condition(); waited += 100) {
        if (waited > timeout) {
            throw new Error(`Timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/**
 * A README screenshot of the page once `trigger` shows, written by the Python test as
 * <name>.<lang>[.phone].png when it takes screenshots (make screenshots); nothing otherwise.
 * On a phone only when `phone` is set (the README shows a few phone screens).
 */
export function screenshot(name, trigger = "body", { phone = false } = {}) {
    return {
        content: `Screenshot ${name}`,
        trigger,
        async run() {
            if (!window.caTourScreenshot || (onPhone() && !phone)) {
                return;
            }
            const lang = tourParams().lang || document.documentElement.lang;
            const file = `${name}.${lang}${onPhone() ? ".phone" : ""}`;
            // Notifications of earlier steps closed; transitions ended and images loaded.
            for (const close of document.querySelectorAll(".o_notification_close")) {
                close.click();
            }
            await new Promise((resolve) => setTimeout(resolve, 600));
            window.caTourScreenshot(file);
            await waitUntil(() => window.caTourScreenshotDone === file, `screenshot ${file}`);
        },
    };
}

/** Open a menu item of the current app: the sections bar on a desktop, the sidebar on a phone. */
export function openMenu(sectionXmlid, itemXmlid, content) {
    if (onPhone()) {
        return [
            {
                content: "Open the app's menu",
                trigger: ".o_main_navbar .o_menu_toggle",
                run: "click",
            },
            {
                content,
                trigger: `.o_app_menu_sidebar li[data-menu-xmlid='${itemXmlid}']`,
                run: "click",
            },
        ];
    }
    return [
        {
            content: "Open the menu section",
            trigger: `.o_menu_sections [data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content,
            trigger: `.dropdown-item[data-menu-xmlid='${itemXmlid}']`,
            run: "click",
        },
    ];
}

/** Click a button of the form's header (on a phone, in the ⚙ menu). */
export function clickHeaderButton(name, content) {
    if (onPhone()) {
        return [
            {
                content: "Open the ⚙ menu",
                trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
                run: "click",
            },
            {
                content,
                trigger: `.o-dropdown--menu button[name=${name}]`,
                run: "click",
            },
        ];
    }
    return [
        {
            content,
            trigger: `.o_form_view .o_statusbar_buttons button[name=${name}]`,
            run: "click",
        },
    ];
}

/** Choose `value` in a many2one field: a search dialog on a phone, a dropdown on a desktop. */
export function pickMany2one(field, value, content) {
    if (onPhone()) {
        return [
            {
                content,
                trigger: `.o_field_widget[name=${field}] input`,
                run: "click",
            },
            {
                content: `Pick ${value}`,
                trigger: `.modal .o_kanban_record:contains(${value}), .modal .o_data_row:contains(${value})`,
                run: "click",
            },
        ];
    }
    return [
        {
            content,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${value}`,
        },
        {
            content: `Pick ${value}`,
            trigger: `.o-autocomplete--dropdown-item:contains(${value})`,
            run: "click",
        },
    ];
}

/**
 * Keep the tel:, sms: and mailto: URLs the web client opens (the device's dialer, messages or
 * mail application) in window.caTourOpenedUrls instead of leaving the page.
 */
export function recordContactUrls() {
    return {
        content: "Record the contact URLs the page opens",
        trigger: "body",
        run() {
            window.caTourOpenedUrls = [];
            const real = window.location;
            // A stand-in (the real Location's methods cannot be replaced): assign() of a
            // contact URL is recorded, everything else goes to the real location.
            const location = new Proxy(
                {},
                {
                    get(_target, prop) {
                        if (prop === "assign") {
                            return (url) =>
                                /^(tel|sms|mailto):/.test(url)
                                    ? window.caTourOpenedUrls.push(url)
                                    : real.assign(url);
                        }
                        const value = real[prop];
                        return typeof value === "function" ? value.bind(real) : value;
                    },
                    set(_target, prop, value) {
                        real[prop] = value;
                        return true;
                    },
                }
            );
            Object.defineProperty(browser, "location", {
                get: () => location,
                set: (value) => (window.location = value),
                configurable: true,
            });
        },
    };
}

/** The last contact URL opened is `expected` (and carries no masked value). */
export function contactUrlOpened(expected) {
    return {
        content: `${expected} is opened`,
        trigger: "body",
        async run() {
            await waitUntil(
                () => (window.caTourOpenedUrls || []).includes(expected),
                `${expected} (opened: ${window.caTourOpenedUrls})`,
                8000
            );
            const masked = window.caTourOpenedUrls.filter((url) => url.includes("*"));
            if (masked.length) {
                throw new Error(`A contact URL carries a masked value: ${masked}`);
            }
        },
    };
}

/** No link on the page carries a masked value (tel:139****2087 would dial nobody). */
export function noMaskedLinks() {
    return {
        content: "No link anywhere carries a masked value",
        trigger: "body:not(:has(a[href*='***']))",
    };
}
