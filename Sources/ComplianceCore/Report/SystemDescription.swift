import Foundation

/// Section III as the client keeps it: its own text per criterion plus the lists data cannot infer.
/// What Attest knows (scope, subservices, controls, exclusions) is offered as wording when a
/// section's text is left empty, but the report prints it only once management has adopted it:
/// Section III is management's statement, so a sentence such as "no significant incidents
/// occurred" must be one management made, never a default (`missing` names the sections left).
public struct SystemDescription: Codable, Sendable, Hashable {
    public struct Incident: Codable, Sendable, Hashable {
        public var date: Day
        public var nature: String
        public var effect: String
        public var disposition: String
        public init(date: Day, nature: String, effect: String, disposition: String) {
            self.date = date
            self.nature = nature
            self.effect = effect
            self.disposition = disposition
        }
    }

    public struct Change: Codable, Sendable, Hashable {
        public var date: Day
        public var description: String
        public init(date: Day, description: String) {
            self.date = date
            self.description = description
        }
    }

    public struct SubserviceControl: Codable, Sendable, Hashable {
        public var subservice: String
        public var control: String
        public var criteria: [String]
        public init(subservice: String, control: String, criteria: [String]) {
            self.subservice = subservice
            self.control = control
            self.criteria = criteria
        }
    }

    public var engagementID: UUID
    /// The client's own words per criterion; an empty or missing entry uses the generated text.
    public var texts: [String: String]
    public var commitments: [String]
    public var userEntityControls: [String]
    public var subserviceControls: [SubserviceControl]
    public var incidents: [Incident]
    public var changes: [Change]
    /// The description criteria whose generated wording management adopts as its own.
    public var adopted: [String]
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(
        engagementID: UUID, texts: [String: String] = [:], commitments: [String] = [], userEntityControls: [String] = [],
        subserviceControls: [SubserviceControl] = [], incidents: [Incident] = [], changes: [Change] = [], adopted: [String] = [],
        updatedBy: String? = nil, updatedAt: Date? = nil
    ) {
        self.engagementID = engagementID
        self.texts = texts
        self.commitments = commitments
        self.userEntityControls = userEntityControls
        self.subserviceControls = subserviceControls
        self.incidents = incidents
        self.changes = changes
        self.adopted = adopted
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case engagementID, texts, commitments, userEntityControls, subserviceControls, incidents, changes, adopted, updatedBy, updatedAt
    }

    /// Descriptions stored before `adopted` existed decode with nothing adopted.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        engagementID = try c.decode(UUID.self, forKey: .engagementID)
        texts = try c.decode([String: String].self, forKey: .texts)
        commitments = try c.decode([String].self, forKey: .commitments)
        userEntityControls = try c.decode([String].self, forKey: .userEntityControls)
        subserviceControls = try c.decode([SubserviceControl].self, forKey: .subserviceControls)
        incidents = try c.decode([Incident].self, forKey: .incidents)
        changes = try c.decode([Change].self, forKey: .changes)
        adopted = try c.decodeIfPresent([String].self, forKey: .adopted) ?? []
        updatedBy = try c.decodeIfPresent(String.self, forKey: .updatedBy)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }

    /// The description criteria a report of this engagement answers (DC9 only for Type 2).
    public static func criteria(for engagement: Engagement, catalog: Catalog) -> [DescriptionCriterion] {
        catalog.descriptionCriteria.filter { engagement.scope.reportType == .type2 || $0.id != "DC9" }
    }

    /// Whether management has said something of its own for a criterion: its text, its entries in
    /// the list that criterion prints, or its adoption of the generated wording.
    public func isWritten(_ criterion: String, engagement: Engagement) -> Bool {
        if let own = texts[criterion]?.trimmed, !own.isEmpty { return true }
        if adopted.contains(criterion) { return true }
        return !lists(criterion, engagement: engagement).isEmpty
    }

    /// The sections management has not written yet, in order; a description with any cannot go to
    /// management review.
    public func missing(for engagement: Engagement, catalog: Catalog) -> [DescriptionCriterion] {
        Self.criteria(for: engagement, catalog: catalog).filter { !isWritten($0.id, engagement: engagement) }
    }

    /// Checks lengths, dates inside the period and subservice names, naming the field at fault.
    public func validated(for engagement: Engagement, catalog: Catalog) throws(DomainError) -> SystemDescription {
        for (key, text) in texts {
            guard catalog.descriptionCriteria.contains(where: { $0.id == key }) else {
                throw .invalid("texts", "'\(key.prefix(10))' is not DC1 to DC9.")
            }
            guard text.count <= 20_000 else { throw .invalid("texts.\(key)", "at most 20,000 characters.") }
        }
        for (field, list) in [("commitments", commitments), ("user_entity_controls", userEntityControls)] {
            guard list.count <= 200, list.allSatisfy({ !$0.trimmed.isEmpty && $0.count <= 2000 }) else {
                throw .invalid(field, "up to 200 entries of 1 to 2000 characters.")
            }
        }
        let names = Set(engagement.scope.subservices.map(\.name))
        for (index, control) in subserviceControls.enumerated() {
            guard names.contains(control.subservice) else {
                throw .unprocessable(
                    "subservice_controls[\(index)].subservice",
                    "'\(control.subservice.prefix(60))' is not a subservice organisation of this engagement (\(names.sorted().joined(separator: ", ")))."
                )
            }
            guard !control.control.trimmed.isEmpty, control.control.count <= 2000 else {
                throw .invalid("subservice_controls[\(index)].control", "describe the control.")
            }
            if let unknown = control.criteria.first(where: { catalog.criterion($0) == nil }) {
                throw .unprocessable("subservice_controls[\(index)].criteria", "'\(unknown.prefix(20))' is not a criterion id.")
            }
        }
        for (index, incident) in incidents.enumerated()
        where [incident.nature, incident.effect, incident.disposition].contains(where: { $0.trimmed.isEmpty }) {
            throw .invalid("incidents[\(index)]", "give the nature, the effect and the disposition.")
        }
        for (index, change) in changes.enumerated() where change.description.trimmed.isEmpty {
            throw .invalid("changes[\(index)].description", "describe the change.")
        }
        // DC9 may be adopted for a Type 1 too: it is kept, and prints nothing until the report is a Type 2.
        let known = Set(catalog.descriptionCriteria.map(\.id))
        if let stray = adopted.first(where: { !known.contains($0) }) {
            throw .invalid("adopted", "'\(stray.prefix(10))' is not a description criterion (\(known.sorted().joined(separator: ", "))).")
        }
        if Set(adopted).count != adopted.count {
            throw .invalid("adopted", "list each description criterion once.")
        }
        if adopted.contains("DC2") {
            throw .invalid("adopted", "DC2 has no generated wording: list the service commitments and system requirements.")
        }
        var value = self
        value.adopted = adopted.sorted()
        return value
    }

    /// The text of one criterion as the report prints it: the client's own, else the generated
    /// wording it adopted, else (only in a draft, since review is refused) a note that it is missing.
    public func paragraphs(_ criterion: String, engagement: Engagement, controls: [ProgrammeControl], catalog: Catalog) -> [String] {
        if let own = texts[criterion]?.trimmed, !own.isEmpty {
            return own.components(separatedBy: "\n\n").map(\.trimmed).filter { !$0.isEmpty } + lists(criterion, engagement: engagement)
        }
        let entries = lists(criterion, engagement: engagement)
        if adopted.contains(criterion) {
            return generated(criterion, engagement: engagement, controls: controls, catalog: catalog) + entries
        }
        return entries.isEmpty ? ["[Management has not written this section yet.]"] : entries
    }

    /// What Attest can say without the client's words: offered on the description form, printed
    /// once adopted.
    public func generated(_ criterion: String, engagement: Engagement, controls: [ProgrammeControl], catalog: Catalog) -> [String] {
        let scope = engagement.scope
        switch criterion {
        case "DC1":
            return ["\(scope.systemName): \(scope.services.trimmed.isEmpty ? "(services not described yet)" : scope.services.trimmed)"]
        case "DC2":
            return commitments.isEmpty ? ["Management has not yet listed its principal service commitments and system requirements."] : []
        case "DC3":
            let clouds = scope.clouds.map(\.displayName).joined(separator: ", ")
            return [
                "Boundaries: \(scope.boundaries.trimmed.isEmpty ? "not described yet" : scope.boundaries.trimmed)",
                "Infrastructure: hosted on \(clouds.isEmpty ? "infrastructure not named yet" : clouds); offices: \(scope.locations.isEmpty ? "none" : scope.locations.joined(separator: ", ")).",
                "People: \(scope.headcount.rawValue) staff. Procedures: the organisation's \(controls.count) controls and its published policies. Data: as described under the services above.",
            ]
        case "DC4":
            return incidents.isEmpty
                ? ["No significant incidents occurred \(scope.reportType == .type1 ? "as of the date of the description" : "during the period")."]
                : []
        case "DC5":
            let categories = scope.categories.sorted().map(\.displayName).joined(separator: ", ")
            let criteria = engagement.criteriaInScope(catalog).filter { engagement.exclusion(for: $0.id) == nil }.count
            return [
                "The criteria for the \(categories) categories apply (\(criteria) criteria). The \(controls.count) controls that address them are listed against each criterion in Section IV."
            ]
        case "DC6":
            return userEntityControls.isEmpty
                ? ["Management has identified no controls that user entities must operate for the criteria to be met."] : []
        case "DC7":
            if scope.subservices.isEmpty { return ["The system uses no subservice organisations."] }
            return scope.subservices.map { vendor in
                let method =
                    vendor.method == .carveOut
                    ? "carve-out method: its controls are excluded from this report and monitored by management"
                    : "inclusive method: its relevant controls are included and tested"
                return "\(vendor.name) provides \(vendor.service) (\(method))."
            }
        case "DC8":
            let excluded = engagement.exclusions
            return excluded.isEmpty
                ? ["All criteria of the categories in scope apply."] : excluded.map { "\($0.criterion) does not apply: \($0.reason)" }
        case "DC9":
            guard scope.reportType == .type2 else { return ["Not applicable to a Type 1 report."] }
            return changes.isEmpty ? ["There were no significant changes to the system or its controls during the period."] : []
        default:
            return []
        }
    }

    /// The structured lists, printed after each criterion's text.
    func lists(_ criterion: String, engagement: Engagement) -> [String] {
        switch criterion {
        case "DC2": return commitments.map { "Commitment: \($0)" }
        case "DC4": return incidents.map { "\($0.date): \($0.nature) Effect: \($0.effect) Disposition: \($0.disposition)" }
        case "DC6": return userEntityControls.map { "User entities are expected to: \($0)" }
        case "DC7":
            return subserviceControls.map {
                "\($0.subservice) is expected to: \($0.control)\($0.criteria.isEmpty ? "" : " (\($0.criteria.joined(separator: ", ")))")"
            }
        case "DC9": return engagement.scope.reportType == .type2 ? changes.map { "\($0.date): \($0.description)" } : []
        default: return []
        }
    }
}
