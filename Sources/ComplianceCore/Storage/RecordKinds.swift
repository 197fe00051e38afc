import Foundation

// Every kind of programme record, named as stored. (Changing a name orphans its rows and its log.)
extension RecordKind where Value == Engagement { public static var engagement: Self { Self(name: "engagement") } }
extension RecordKind where Value == RequestItem { public static var request: Self { Self(name: "request") } }
extension RecordKind where Value == ProgrammeControl { public static var control: Self { Self(name: "control") } }
extension RecordKind where Value == Policy { public static var policy: Self { Self(name: "policy") } }
extension RecordKind where Value == PolicyAcknowledgement { public static var acknowledgement: Self { Self(name: "policy_acknowledgement") } }
extension RecordKind where Value == RemediationItem { public static var remediation: Self { Self(name: "remediation") } }
extension RecordKind where Value == ReadinessSnapshot { public static var snapshot: Self { Self(name: "readiness_snapshot") } }
extension RecordKind where Value == IndependenceConfirmation { public static var independence: Self { Self(name: "independence_confirmation") } }
extension RecordKind where Value == Population { public static var population: Self { Self(name: "population") } }
extension RecordKind where Value == Sample { public static var sample: Self { Self(name: "sample") } }
extension RecordKind where Value == ComplianceCore.Notification { public static var notification: Self { Self(name: "notification") } }
extension RecordKind where Value == SampleSizeTable { public static var sampleTable: Self { Self(name: "sample_size_table") } }
extension RecordKind where Value == Walkthrough { public static var walkthrough: Self { Self(name: "walkthrough") } }
extension RecordKind where Value == ControlTest { public static var test: Self { Self(name: "control_test") } }
extension RecordKind where Value == SystemDescription { public static var systemDescription: Self { Self(name: "system_description") } }
extension RecordKind where Value == ManagementAssertion { public static var assertion: Self { Self(name: "management_assertion") } }
extension RecordKind where Value == ReportVersion { public static var reportVersion: Self { Self(name: "report_version") } }
extension RecordKind where Value == BridgeLetter { public static var bridgeLetter: Self { Self(name: "bridge_letter") } }
extension RecordKind where Value == Invitation { public static var invitation: Self { Self(name: "membership_invitation") } }
extension RecordKind where Value == ReportTemplateOverride { public static var reportTemplate: Self { Self(name: "report_template") } }
extension RecordKind where Value == PublishedKey { public static var signingKey: Self { Self(name: "signing_key") } }
extension RecordKind where Value == PolicySettings { public static var policySettings: Self { Self(name: "policy_settings") } }
extension RecordKind where Value == CollectorRun { public static var collectorRun: Self { Self(name: "collector_run") } }
extension RecordKind where Value == Monitor { public static var monitor: Self { Self(name: "monitor") } }
extension RecordKind where Value == FindingMute { public static var findingMute: Self { Self(name: "finding_mute") } }
extension RecordKind where Value == Connection { public static var connection: Self { Self(name: "connection") } }
extension RecordKind where Value == Person { public static var person: Self { Self(name: "person") } }
extension RecordKind where Value == AccountListing { public static var accountListing: Self { Self(name: "account_listing") } }
extension RecordKind where Value == AccessReview { public static var accessReview: Self { Self(name: "access_review") } }
extension RecordKind where Value == SCIMToken { public static var scimToken: Self { Self(name: "scim_token") } }
extension RecordKind where Value == SCIMGroup { public static var scimGroup: Self { Self(name: "scim_group") } }

/// Every record kind's name, for `attest verify`'s census of stored rows (a kind whose rows were all
/// deleted must still be compared with the log). `RecordKindTests` keeps it equal to the kinds above.
public enum RecordKindNames {
    public static let all: Set<String> = [
        "engagement", "request", "control", "policy", "policy_acknowledgement", "remediation", "readiness_snapshot",
        "independence_confirmation", "population", "sample", "notification", "sample_size_table", "walkthrough", "control_test",
        "system_description", "management_assertion", "report_version", "bridge_letter", "membership_invitation", "report_template",
        "signing_key", "policy_settings", "collector_run", "monitor", "finding_mute", "connection",
        "person", "account_listing", "access_review", "scim_token", "scim_group",
    ]
}
