import ComplianceCore
import Foundation
import Plot

/// Small building blocks over Plot for elements and attributes it has no component for.
public enum Markup {
    /// Any element with attributes, e.g. `Markup.tag("main", ["id": "content"]) { … }`.
    public static func tag(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:],
        @ComponentBuilder _ content: @escaping () -> ComponentGroup = { ComponentGroup(members: []) }
    ) -> any Component {
        attributes.reduce(Element(name: name, content: content) as any Component) { element, attribute in
            // An empty value still counts: `<option value="">` must not fall back to its text.
            element.attribute(named: attribute.key, value: escapeAttribute(attribute.value), ignoreValueIfEmpty: false)
        }
    }

    /// A self-closing element such as `<input>` with attributes.
    public static func void(_ name: String, _ attributes: [(String, String)]) -> any Component {
        Node<Any>.selfClosedElement(
            named: name, attributes: attributes.map { Attribute<Any>(name: $0.0, value: escapeAttribute($0.1), ignoreIfValueIsEmpty: false) })
    }

    /// Escapes a value for a double-quoted attribute. Plot writes attribute values as they are, so
    /// every value that reaches an attribute goes through here: a `"` in a name must not end it.
    public static func escapeAttribute(_ value: String) -> String {
        HTMLEscaping.escape(value)
    }

    /// A moment as people read it: "1 Dec 2026, 17:27 UTC" in the page, with the exact instant in
    /// `datetime` (and as a tooltip); `/static/local-time.js` rewrites it in the reader's own time
    /// zone, and without scripts the UTC text stands.
    public static func time(_ date: Date) -> any Component {
        let exact = Timestamp.rfc3339(date)
        return tag("time", ["datetime": exact, "title": exact, "class": "local"]) { Text(readable(date)) }
    }

    /// "1 Dec 2026, 17:27 UTC": to the minute, no milliseconds, the zone named.
    public static func readable(_ date: Date) -> String {
        let text = Timestamp.rfc3339(date)  // 2026-12-01T17:27:55.123Z
        return "\(readable(Day(date))), \(text.dropFirst(11).prefix(5)) UTC"
    }

    /// "1 Dec 2026".
    public static func readable(_ day: Day) -> String { day.written(short: true) }

    /// A labelled form field. The label wraps the input, so screen readers announce it.
    public static func field(
        _ label: String, name: String, type: String = "text", value: String = "", required: Bool = false,
        autocomplete: String? = nil, hint: String? = nil, extra: [(String, String)] = []
    ) -> any Component {
        var attributes: [(String, String)] = [("type", type), ("name", name), ("id", "field-\(name)")]
        if !value.isEmpty { attributes.append(("value", value)) }
        if required { attributes.append(("required", "required")) }
        if let autocomplete { attributes.append(("autocomplete", autocomplete)) }
        attributes += extra
        return Div {
            Label(label) {
                void("input", attributes)
            }
            if let hint { Paragraph(hint).class("hint") }
        }.class("field")
    }

    /// A `<select>` with a label.
    public static func select(_ label: String, name: String, options: [(value: String, label: String)], selected: String?) -> any Component {
        Div {
            Label(label) {
                tag("select", ["name": name, "id": "field-\(name)"]) {
                    for option in options {
                        if option.value == selected {
                            tag("option", ["value": option.value, "selected": "selected"]) { Text(option.label) }
                        } else {
                            tag("option", ["value": option.value]) { Text(option.label) }
                        }
                    }
                }
            }
        }.class("field")
    }

    /// The hidden field every unsafe form carries.
    public static func csrf(_ token: String) -> any Component {
        void("input", [("type", "hidden"), ("name", "_csrf"), ("value", token)])
    }

    /// A form that posts to `action` with the CSRF token and a single button, for one-click actions.
    public static func actionButton(_ title: String, action: String, csrf token: String, style: String = "secondary", fields: [(String, String)] = [])
        -> any Component
    {
        Form(url: action, method: .post) {
            csrf(token)
            for field in fields { void("input", [("type", "hidden"), ("name", field.0), ("value", field.1)]) }
            Button(title).attribute(named: "type", value: "submit").class(style)
        }.class("inline")
    }

    /// A message banner: `notice` or `error`.
    public static func flash(_ message: String?, kind: String = "notice") -> any Component {
        guard let message else { return EmptyComponent() }
        return Div { Paragraph(message) }.class("flash \(kind)").attribute(named: "role", value: kind == "error" ? "alert" : "status")
    }
}

extension Button {
    init(_ title: String) {
        self.init { Text(title) }
    }
}
