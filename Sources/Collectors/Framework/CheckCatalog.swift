import ComplianceCore

/// Every check Attest runs, across its connectors: what the monitors link to controls and what
/// `attest collect checks` lists as coverage.
public enum CheckCatalog {
    public static let descriptors: [CheckDescriptor] =
        AWSChecks.descriptors + GitHubChecks.descriptors + DirectoryChecks.all("okta").map(\.descriptor)
        + DirectoryChecks.all("google").map(\.descriptor)
}
