import Plot

/// A plain page with a heading and a message: errors, empty states.
public enum MessagePage {
    public static func render(title: String, message: String, shell: Shell.Model?) -> String {
        let content: () -> ComponentGroup = {
            ComponentGroup {
                H1(title)
                Paragraph(message)
                Link("Back to the start", url: "/")
            }
        }
        if let shell { return Shell.page(shell, title: title, content: content) }
        return Document.render(title: title) { Markup.tag("main", ["id": "content", "class": "narrow"], content) }
    }
}
