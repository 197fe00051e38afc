import ComplianceCore
import Foundation
import Plot

/// The evidence locker: a filtered list with an upload form, and one item with its versions and proof.
public enum EvidenceListPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let items: [EvidenceItem]
        public let now: Date
        public let filter: (control: String, criterion: String, status: String, freshness: String, asOf: String)
        public let canUpload: Bool
        public let error: String?

        public init(
            organization: Organization, items: [EvidenceItem], now: Date,
            filter: (control: String, criterion: String, status: String, freshness: String, asOf: String), canUpload: Bool, error: String? = nil
        ) {
            self.organization = organization
            self.items = items
            self.now = now
            self.filter = filter
            self.canUpload = canUpload
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/evidence"
        return Shell.page(shell, title: "Evidence") {
            H1("Evidence")
            Markup.flash(model.error, kind: "error")
            if !model.filter.asOf.isEmpty {
                Markup.flash("Showing the evidence as it stood at the end of \(model.filter.asOf), replayed from the log.")
            }
            Div {
                Div {
                    H2("By status")
                    Node<Any>.raw(
                        Charts.bars(
                            EvidenceStatus.allCases.map { status in
                                (status.rawValue.replacingOccurrences(of: "_", with: " "), model.items.filter { $0.status == status }.count)
                            }, title: "Evidence items by review status"))
                }.class("card")
                Div {
                    H2("Freshness")
                    Node<Any>.raw(
                        Charts.bars(
                            [
                                ("fresh", model.items.filter { !$0.isExpired(at: model.now) }.count),
                                ("expired", model.items.filter { $0.isExpired(at: model.now) }.count),
                            ], title: "Evidence items by freshness"))
                }.class("card")
            }.class("grid")
            Form(url: base, method: .get) {
                Markup.field("Control", name: "control", value: model.filter.control)
                Markup.field("Criterion", name: "criterion", value: model.filter.criterion)
                Markup.select(
                    "Status", name: "status",
                    options: [("", "Any")] + EvidenceStatus.allCases.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ")) },
                    selected: model.filter.status)
                Markup.select(
                    "Freshness", name: "freshness", options: [("", "Any"), ("fresh", "Fresh"), ("expired", "Expired")],
                    selected: model.filter.freshness)
                Markup.field("As of", name: "as_of", type: "date", value: model.filter.asOf)
                Button("Filter").attribute(named: "type", value: "submit").class("secondary")
            }.class("filters")
            table(model, base: base)
            if model.canUpload && model.filter.asOf.isEmpty { uploadForm(base: base, csrf: shell.csrfToken, control: model.filter.control) }
        }
    }

    private static func table(_ model: Model, base: String) -> any Component {
        guard !model.items.isEmpty else { return Paragraph("No evidence matches.") }
        return Div {
            Markup.tag("table") {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for heading in ["Title", "Criteria", "Status", "Evidences", "Due", "Version", "SHA-256"] {
                            Markup.tag("th", ["scope": "col"]) { Text(heading) }
                        }
                    }
                }
                Markup.tag("tbody") {
                    for item in model.items {
                        Markup.tag("tr", ["class": item.isExpired(at: model.now) ? "expired" : ""]) {
                            Markup.tag("td") { Link(item.title, url: "\(base)/\(item.id.uuidString.lowercased())") }
                            Markup.tag("td") { Text(item.criteria.joined(separator: ", ")) }
                            Markup.tag("td") { Text(item.status.rawValue.replacingOccurrences(of: "_", with: " ")) }
                            Markup.tag("td") { Text(item.latest?.period?.description ?? "—") }
                            Markup.tag("td") {
                                Text(
                                    item.dueAt.map { Markup.readable(Day($0)) + (item.isExpired(at: model.now) ? " (expired)" : "") }
                                        ?? "—")
                            }
                            Markup.tag("td") { Text("v\(item.latest?.number ?? 0)") }
                            Markup.tag("td", ["class": "mono"]) { Text(String(item.latest?.sha256.prefix(12) ?? "") + "…") }
                        }
                    }
                }
            }
        }.class("table-wrap")
    }

    /// - Parameter control: the control the list is filtered to (a readiness gap links here), filled in.
    private static func uploadForm(base: String, csrf: String, control: String) -> any Component {
        ComponentGroup {
            H2("Upload evidence")
            // The token rides in the query: a streamed multipart body is not read before the upload starts.
            Markup.tag("form", ["action": "\(base)?_csrf=\(csrf)", "method": "post", "enctype": "multipart/form-data", "id": "upload-form"]) {
                Markup.field("Title", name: "title", required: true)
                Markup.field("Criteria (comma-separated ids)", name: "criteria", hint: "For example CC6.2, CC6.3")
                Markup.field("Controls (comma-separated ids)", name: "controls", value: control)
                Markup.field("Period it evidences", name: "period", hint: "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
                Markup.select(
                    "Renew", name: "frequency",
                    options: [("", "No schedule")] + Frequency.allCases.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ")) },
                    selected: "")
                Markup.field("File", name: "file", type: "file", required: true)
                Markup.tag("progress", ["id": "upload-progress", "max": "100", "value": "0", "hidden": "hidden", "aria-label": "Upload progress"])
                Button("Upload").attribute(named: "type", value: "submit").class("primary")
            }
            Markup.tag("script", ["src": "/static/upload.js", "defer": "defer"])
        }
    }
}

public enum EvidenceItemPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let item: EvidenceItem
        public let versions: [EvidenceVersion]
        public let now: Date
        public let preview: String?
        public let proof: (leafIndex: Int, treeSize: Int, rootHash: String, signedAt: Date, verified: Bool)?
        public let canReview: Bool
        public let canUpload: Bool
        /// Who each version's uploader is, by the stored actor (`user:<uuid>` → a name).
        public var names: [String: String] = [:]

        public init(
            organization: Organization, item: EvidenceItem, versions: [EvidenceVersion], now: Date, preview: String?,
            proof: (leafIndex: Int, treeSize: Int, rootHash: String, signedAt: Date, verified: Bool)?, canReview: Bool, canUpload: Bool
        ) {
            self.organization = organization
            self.item = item
            self.versions = versions
            self.now = now
            self.preview = preview
            self.proof = proof
            self.canReview = canReview
            self.canUpload = canUpload
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let item = model.item
        let base = "/orgs/\(model.organization.slug)/evidence"
        let content = "/api/v1/orgs/\(model.organization.slug)/evidence/\(item.id.uuidString.lowercased())/versions"
        return Shell.page(shell, title: item.title) {
            H1(item.title)
            if !item.description.isEmpty { Paragraph(item.description).class("lede") }
            Markup.tag("dl", ["class": "facts"]) {
                fact("Status", item.status.rawValue.replacingOccurrences(of: "_", with: " ") + (item.reviewComment.map { " — \($0)" } ?? ""))
                fact("Criteria", item.criteria.isEmpty ? "—" : item.criteria.joined(separator: ", "))
                fact("Controls", item.controls.isEmpty ? "—" : item.controls.joined(separator: ", "))
                fact("Renewed", item.frequency?.rawValue ?? "no schedule")
                fact(
                    "Due again",
                    item.dueAt.map { Markup.readable(Day($0)) + (item.isExpired(at: model.now) ? " — expired" : "") } ?? "—")
            }
            if let proof = model.proof {
                H2("Proof")
                Paragraph(
                    "The latest version is leaf \(proof.leafIndex) of this organisation's log of \(proof.treeSize) entries, whose root \(proof.rootHash.prefix(16))… was signed at \(Markup.readable(proof.signedAt)). The inclusion proof \(proof.verified ? "verifies" : "DOES NOT verify")."
                )
                Link("Proof as JSON", url: "/api/v1/orgs/\(model.organization.slug)/evidence/\(item.id.uuidString.lowercased())/proof")
            }
            if let preview = model.preview {
                H2("Preview")
                Markup.tag("pre", ["class": "preview"]) { Text(preview) }
            } else if let latest = item.latest, latest.contentType.hasPrefix("image/") {
                H2("Preview")
                Markup.tag(
                    "img", ["src": "\(content)/\(latest.number)/content", "alt": "Version \(latest.number) of \(item.title)", "class": "preview"])
            } else if let latest = item.latest, latest.contentType == "application/pdf" {
                H2("Preview")
                Link("Open the PDF", url: "\(content)/\(latest.number)/content")
            }
            H2("Versions")
            Div {
                Markup.tag("table") {
                    Markup.tag("thead") {
                        Markup.tag("tr") {
                            for heading in ["#", "File", "Type", "Size", "Evidences", "Source", "Uploaded", "SHA-256"] {
                                Markup.tag("th", ["scope": "col"]) { Text(heading) }
                            }
                        }
                    }
                    Markup.tag("tbody") {
                        for version in model.versions {
                            Markup.tag("tr") {
                                Markup.tag("td") { Text(String(version.number)) }
                                Markup.tag("td") { Link(version.fileName, url: "\(content)/\(version.number)/content?download=1") }
                                Markup.tag("td") { Text(version.contentType + (version.rowCount.map { ", \($0) rows" } ?? "")) }
                                Markup.tag("td") { Text(ByteCount.format(version.size)) }
                                Markup.tag("td") { Text(version.period?.description ?? "—") }
                                Markup.tag("td") {
                                    Text(
                                        "\(version.source.kind.rawValue) by \(model.names[version.source.actor] ?? version.source.actor)"
                                            + (version.source.method.map { " · \($0)" } ?? ""))
                                }
                                Markup.tag("td") { Markup.time(version.createdAt) }
                                Markup.tag("td", ["class": "mono"]) { Text(version.sha256) }
                            }
                        }
                    }
                }
            }.class("table-wrap")
            if model.canReview {
                H2("Review")
                Form(url: "\(base)/\(item.id.uuidString.lowercased())/review", method: .post) {
                    Markup.csrf(shell.csrfToken)
                    Markup.select(
                        "Status", name: "status",
                        options: EvidenceStatus.allCases.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ")) },
                        selected: item.status.rawValue)
                    Markup.field("Comment", name: "comment", value: item.reviewComment ?? "")
                    Button("Save review").attribute(named: "type", value: "submit").class("primary")
                }
            }
            if model.canUpload {
                H2("Upload a new version")
                Markup.tag(
                    "form", ["action": "\(base)?_csrf=\(shell.csrfToken)", "method": "post", "enctype": "multipart/form-data", "id": "upload-form"]
                ) {
                    Markup.void("input", [("type", "hidden"), ("name", "item_id"), ("value", item.id.uuidString.lowercased())])
                    Markup.field("Period it evidences", name: "period", hint: "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
                    Markup.field("File", name: "file", type: "file", required: true)
                    Markup.tag(
                        "progress", ["id": "upload-progress", "max": "100", "value": "0", "hidden": "hidden", "aria-label": "Upload progress"])
                    Button("Upload").attribute(named: "type", value: "submit").class("primary")
                }
                Markup.tag("script", ["src": "/static/upload.js", "defer": "defer"])
            }
        }
    }

    private static func fact(_ term: String, _ value: String) -> any Component {
        ComponentGroup {
            Markup.tag("dt") { Text(term) }
            Markup.tag("dd") { Text(value) }
        }
    }
}

/// Progress for uploads: the form still works without it.
public enum UploadScript {
    public static let js = """
        (function () {
          var form = document.getElementById('upload-form');
          if (!form || !window.XMLHttpRequest || !window.FormData) return;
          form.addEventListener('submit', function (event) {
            event.preventDefault();
            var bar = document.getElementById('upload-progress');
            bar.hidden = false;
            var request = new XMLHttpRequest();
            request.open('POST', form.getAttribute('action'));
            request.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
            request.onload = function () {
              if (request.responseURL && request.responseURL !== location.href && request.status < 400) { location.href = request.responseURL; return; }
              document.open(); document.write(request.responseText); document.close();
            };
            request.onerror = function () { bar.hidden = true; alert('The upload failed: the connection was lost.'); };
            request.send(new FormData(form));
          });
        })();
        """
}
