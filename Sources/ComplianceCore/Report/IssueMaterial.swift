import Foundation

/// Everything the auditor's "issue the final report" reads, loaded once by storage for one
/// engagement that the use case has already found and authorised.
public struct IssueMaterial: Sendable {
    public let inputs: ReportBuilder.Inputs
    public let walkthroughs: [Walkthrough]
    /// Every version so far, oldest first.
    public let versions: [ReportVersion]
    /// The audit firm, whose key seals the report.
    public let firmID: UUID
    /// Whether the acting auditor has confirmed independence for this engagement.
    public let independenceConfirmed: Bool
    /// How the acting person is named in the report's history.
    public let actorLabel: String

    public init(
        inputs: ReportBuilder.Inputs, walkthroughs: [Walkthrough], versions: [ReportVersion], firmID: UUID, independenceConfirmed: Bool,
        actorLabel: String
    ) {
        self.inputs = inputs
        self.walkthroughs = walkthroughs
        self.versions = versions
        self.firmID = firmID
        self.independenceConfirmed = independenceConfirmed
        self.actorLabel = actorLabel
    }

    /// The reasons the report cannot be issued yet; empty when it can.
    public var problems: [String] {
        IssueCheck.problems(inputs: inputs, walkthroughs: walkthroughs, latest: versions.last)
    }
}
