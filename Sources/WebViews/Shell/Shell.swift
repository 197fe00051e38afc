import ComplianceCore
import Plot

/// The frame around every signed-in page: header, organisation switcher, navigation, sign-out.
public enum Shell {
    public struct OrgLink: Sendable, Hashable {
        public let slug: String
        public let name: String
        public let standing: String

        public init(slug: String, name: String, standing: String) {
            self.slug = slug
            self.name = name
            self.standing = standing
        }
    }

    /// The engagement a page is about, and the others to switch to: always visible in the header,
    /// so a compliance lead never edits a URL to reach an engagement.
    public struct EngagementMenu: Sendable, Hashable {
        public struct Item: Sendable, Hashable {
            public let id: String
            public let name: String
            /// The period and status, e.g. "2026-01-01 to 2026-06-30 · archived".
            public let detail: String
            public let archived: Bool

            public init(id: String, name: String, detail: String, archived: Bool) {
                self.id = id
                self.name = name
                self.detail = detail
                self.archived = archived
            }
        }

        public let current: Item
        public let items: [Item]
        /// The page the links switch on (its path, without a query).
        public let path: String
        /// Where a new engagement is started, when the viewer may start one.
        public let newEngagementURL: String?

        public init(current: Item, items: [Item], path: String, newEngagementURL: String?) {
            self.current = current
            self.items = items
            self.path = path
            self.newEngagementURL = newEngagementURL
        }
    }

    public struct Model: Sendable {
        public let userName: String
        public let userEmail: String
        public let csrfToken: String
        public let current: OrgLink?
        public let organizations: [OrgLink]
        /// The navigation entry to highlight, e.g. "criteria".
        public let active: String
        /// On the pages about one engagement: which one, and the others.
        public let engagement: EngagementMenu?

        public init(
            userName: String, userEmail: String, csrfToken: String, current: OrgLink?, organizations: [OrgLink], active: String,
            engagement: EngagementMenu? = nil
        ) {
            self.userName = userName
            self.userEmail = userEmail
            self.csrfToken = csrfToken
            self.current = current
            self.organizations = organizations
            self.active = active
            self.engagement = engagement
        }

        /// The same shell, showing `menu` as the engagement in view.
        public func showing(_ menu: EngagementMenu?) -> Model {
            Model(
                userName: userName, userEmail: userEmail, csrfToken: csrfToken, current: current, organizations: organizations, active: active,
                engagement: menu)
        }
    }

    /// Renders a whole document with `title` and `content` inside the shell.
    public static func page(_ model: Model, title: String, @ComponentBuilder content: @escaping () -> ComponentGroup) -> String {
        Document.render(title: title) {
            Markup.tag("a", ["class": "skip", "href": "#content"]) { Text("Skip to content") }
            header(model)
            Markup.tag("main", ["id": "content", "tabindex": "-1"], content)
        }
    }

    private static func header(_ model: Model) -> any Component {
        Header {
            Div {
                Link("Attest", url: "/").class("brand")
                switcher(model)
                if let menu = model.engagement { engagementSwitcher(menu) }
                Navigation {
                    List(navigation(model)) { item in
                        item.key == model.active
                            ? Link(item.title, url: item.url).attribute(named: "aria-current", value: "page")
                            : Link(item.title, url: item.url)
                    }
                }.attribute(named: "aria-label", value: "Main")
                Div {
                    Markup.tag("span", ["class": "who", "title": model.userEmail]) { Text(model.userName) }
                    Markup.actionButton("Sign out", action: "/logout", csrf: model.csrfToken, style: "link")
                }.class("account")
            }.class("bar")
        }
    }

    private static func switcher(_ model: Model) -> any Component {
        Markup.tag("details", ["class": "switcher"]) {
            Markup.tag("summary") {
                Text(model.current.map { "\($0.name) (\($0.standing))" } ?? "Choose an organisation")
            }
            List(model.organizations) { org in
                Link("\(org.name) · \(org.standing)", url: "/orgs/\(org.slug)")
            }.class("menu")
        }
    }

    private static func engagementSwitcher(_ menu: EngagementMenu) -> any Component {
        Markup.tag("details", ["class": "switcher engagement-switcher"]) {
            Markup.tag("summary", ["title": menu.current.detail]) {
                Text("Engagement: \(menu.current.name)\(menu.current.archived ? " (archived)" : "")")
            }
            Markup.tag("ul", ["class": "menu"]) {
                for item in menu.items {
                    Markup.tag("li") {
                        if item.id == menu.current.id {
                            Markup.tag("a", ["href": "\(menu.path)?engagement=\(item.id)", "aria-current": "true"]) {
                                Text("\(item.name) · \(item.detail)")
                            }
                        } else {
                            Link("\(item.name) · \(item.detail)", url: "\(menu.path)?engagement=\(item.id)")
                        }
                    }
                }
                if let url = menu.newEngagementURL {
                    Markup.tag("li") { Link("Start a new engagement", url: url) }
                }
            }
        }
    }

    struct NavItem {
        let key: String
        let title: String
        let url: String
    }

    private static func navigation(_ model: Model) -> [NavItem] {
        var items: [NavItem] = []
        if let org = model.current {
            items.append(NavItem(key: "dashboard", title: "Dashboard", url: "/orgs/\(org.slug)"))
            items.append(NavItem(key: "programme", title: "Engagement", url: "/orgs/\(org.slug)/programme"))
            items.append(NavItem(key: "readiness", title: "Readiness", url: "/orgs/\(org.slug)/readiness"))
            items.append(NavItem(key: "fieldwork", title: "Fieldwork", url: "/orgs/\(org.slug)/fieldwork"))
            items.append(NavItem(key: "report", title: "Report", url: "/orgs/\(org.slug)/report"))
            items.append(NavItem(key: "controls", title: "Controls", url: "/orgs/\(org.slug)/controls"))
            items.append(NavItem(key: "policies", title: "Policies", url: "/orgs/\(org.slug)/policies"))
            items.append(NavItem(key: "evidence", title: "Evidence", url: "/orgs/\(org.slug)/evidence"))
            items.append(NavItem(key: "monitors", title: "Monitors", url: "/orgs/\(org.slug)/monitors"))
            items.append(NavItem(key: "connections", title: "Connections", url: "/orgs/\(org.slug)/connections"))
            items.append(NavItem(key: "people", title: "People", url: "/orgs/\(org.slug)/people"))
            items.append(NavItem(key: "crosswalk", title: "ISO 27001", url: "/orgs/\(org.slug)/crosswalk"))
            items.append(NavItem(key: "members", title: "Members", url: "/orgs/\(org.slug)/members"))
            items.append(NavItem(key: "events", title: "Event log", url: "/orgs/\(org.slug)/events"))
        }
        items.append(NavItem(key: "criteria", title: "Criteria", url: "/criteria"))
        items.append(NavItem(key: "tokens", title: "API tokens", url: "/settings/tokens"))
        items.append(NavItem(key: "security", title: "Security", url: "/settings/security"))
        return items
    }
}

/// A complete HTML document with Attest's stylesheet; no external resources.
public enum Document {
    public static func render(title: String, @ComponentBuilder body: @escaping () -> ComponentGroup) -> String {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Not Plot's `.title`: it copies the title unescaped into social-media meta tags.
                .element(named: "title", text: "\(title) · Attest"),
                .stylesheet("/static/attest.css"),
                // Shows each <time class="local"> in the reader's time zone; the page reads fine without it.
                .script(.src("/static/local-time.js"), .attribute(named: "defer", value: "defer"))
            ),
            .body(body)
        ).render()
    }
}
