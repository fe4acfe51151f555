/** @odoo-module **/
// Check-in of a visit (optional per company): asks the user, then the browser, for the current
// location and stores it with the visit. Nothing is sent when the user declines either prompt.
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";

function getPosition() {
    return new Promise((resolve, reject) => {
        if (!navigator.geolocation) {
            reject(new Error("unavailable"));
            return;
        }
        navigator.geolocation.getCurrentPosition(resolve, reject, {
            enableHighAccuracy: true,
            timeout: 15000,
            maximumAge: 60000,
        });
    });
}

async function visitCheckin(env, action) {
    const visitId = action.params.visit_id;
    const reload = () => env.services.action.doAction({ type: "ir.actions.client", tag: "soft_reload" });
    const share = await new Promise((resolve) => {
        env.services.dialog.add(ConfirmationDialog, {
            title: _t("Check-in"),
            body: _t("Share your current location with this visit? It is stored with the visit and visible to your managers."),
            confirmLabel: _t("Share Location"),
            cancelLabel: _t("Not Now"),
            confirm: () => resolve(true),
            cancel: () => resolve(false),
        }, { onClose: () => resolve(false) });
    });
    if (!share) {
        return reload();
    }
    try {
        const position = await getPosition();
        await env.services.orm.call("customer.archive.visit", "action_checkin", [
            [visitId],
            position.coords.latitude,
            position.coords.longitude,
            position.coords.accuracy || 0,
        ]);
        env.services.notification.add(_t("Checked in."), { type: "success" });
    } catch {
        env.services.notification.add(
            _t("The location could not be read: the visit is started without check-in."),
            { type: "warning" }
        );
    }
    return reload();
}

registry.category("actions").add("customer_archive.visit_checkin", visitCheckin);
