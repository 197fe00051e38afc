import Foundation

/// A report as data: everything a renderer needs (HTML, PDF, XLSX, OSCAL), built once from the
/// engagement's state so that every output of one version says the same thing.
public struct ReportDocument: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case soc2, soc3 }

    public struct Block: Codable, Sendable, Hashable {
        public let heading: String
        public let paragraphs: [String]
        public init(_ heading: String, _ paragraphs: [String]) {
            self.heading = heading
            self.paragraphs = paragraphs
        }
    }

    public struct CriterionRow: Codable, Sendable, Hashable {
        public let id: String
        public let title: String
        public let controls: [String]
        public let result: CriterionConclusion.Result?
    }

    public struct ExceptionRow: Codable, Sendable, Hashable {
        public let description: String
        public let cause: String
        public let count: Int
        public let of: Int
        public let evaluation: TestException.Evaluation
        public let managementResponse: String?
    }

    public struct ControlRow: Codable, Sendable, Hashable {
        public let key: String
        public let title: String
        public let description: String
        public let criteria: [String]
        public let frequency: String
        /// Type 2 only: what the auditor did, how many items, and the result in words.
        public let procedures: [String]
        public let tested: Int?
        public let result: String?
        public let exceptions: [ExceptionRow]
        /// Type 2, when a sample was drawn: the population's rows and the items tested from it.
        public var populationSize: Int? = nil
        public var sampleSize: Int? = nil
        /// What the auditor did over the information produced by the entity, per population.
        public var ipe: [String]? = nil
    }

    public let kind: Kind
    public let title: String
    public let organization: String
    public let organizationName: String
    public let firm: String
    public let firmName: String
    public let engagementID: UUID
    public let systemName: String
    public let services: String
    public let reportType: ReportType
    public let periodLabel: String
    public let periodStart: Day?
    public let periodEnd: Day?
    public let asOf: Day?
    public let standards: [AttestationStandard]
    public let categories: [TrustServicesCategory]
    public let opinion: Opinion
    public let sectionI: [Block]
    public let sectionII: [Block]
    public let assertionBy: String?
    public let sectionIII: [Block]
    /// Section IV's opening (Type 2): the types of test, sampling, and information produced by the entity.
    public var sectionIV: [Block]? = nil
    public let criteria: [CriterionRow]
    public let controls: [ControlRow]
    public let sectionV: [Block]
    public let version: Int
    public let generatedAt: Date

    /// The last day the report speaks for: the period's end, or the as-of date.
    public var coverageEnd: Day? { periodEnd ?? asOf }

    public var sealSubject: ReportSeal.Subject {
        ReportSeal.Subject(
            kind: kind.rawValue, organization: organization, organizationName: organizationName, engagementID: engagementID,
            reportType: reportType.rawValue, period: periodLabel, coverageEnd: coverageEnd, version: version)
    }

    /// Every exception, with its control, for counting and for Section IV's summary.
    public var exceptionCount: Int { controls.reduce(0) { $0 + $1.exceptions.count } }
}

/// Management's assertion (Section II), accepted by a named person on the client's side.
public struct ManagementAssertion: Codable, Sendable, Hashable {
    public let engagementID: UUID
    public let signatory: String
    public let position: String
    public let acceptedBy: String
    public let acceptedAt: Date

    public init(engagementID: UUID, signatory: String, position: String, acceptedBy: String, acceptedAt: Date) throws(DomainError) {
        guard (2...120).contains(signatory.trimmed.count) else {
            throw .invalid("signatory", "give the name of the person who signs for management.")
        }
        guard (2...120).contains(position.trimmed.count) else { throw .invalid("position", "give their position, such as Chief Executive Officer.") }
        self.engagementID = engagementID
        self.signatory = signatory.trimmed
        self.position = position.trimmed
        self.acceptedBy = acceptedBy
        self.acceptedAt = acceptedAt
    }
}
