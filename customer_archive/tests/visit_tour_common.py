from .tour_common import TourCase


class ShanghaiPhoneCase(TourCase):
    """A salesperson's phone in Hangzhou: 390×844, Asia/Shanghai, location allowed. Chrome's
    own emulation (DevTools), set before the tour's page loads."""

    browser_size = "390x844"
    touch_enabled = True
    LATITUDE = 30.274085
    LONGITUDE = 120.15507

    def _setup_browser(self, browser):
        result = super()._setup_browser(browser)
        browser._websocket_request(
            "Browser.grantPermissions", params={"permissions": ["geolocation"]}
        )
        browser._websocket_request(
            "Emulation.setGeolocationOverride",
            params={"latitude": self.LATITUDE, "longitude": self.LONGITUDE, "accuracy": 20},
        )
        browser._websocket_request(
            "Emulation.setTimezoneOverride", params={"timezoneId": "Asia/Shanghai"}
        )
        return result

    @classmethod
    def _salesperson(cls, login, name):
        return cls.env["res.users"].create(
            {
                "name": name,
                "login": login,
                "password": login,
                "tz": "Asia/Shanghai",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref("sales_team.group_sale_salesman").id,
                            cls.env.ref("customer_archive.group_archive_user").id,
                        ],
                    )
                ],
            }
        )
