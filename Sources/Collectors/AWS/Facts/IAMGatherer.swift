import ComplianceCore
import Foundation

/// Gathers IAM, which is global: users and their credentials (from the credential report, one call
/// for all users, as Prowler reads them), the password policy, and the policies that grant rights.
struct IAMGatherer {
    let aws: AWSClient
    let progress: Progress
    static let version = "2010-05-08"

    func gather() async throws(CollectorError) -> IAMFacts {
        let listed = try await Paging.all("iam:ListUsers") { (marker: String?) async throws(CollectorError) in
            let tree = try await call("ListUsers", marker.map { [("Marker", $0)] } ?? [])
            let users = tree.items("ListUsersResult/Users").map { member in
                (name: member.value("UserName") ?? "", arn: member.value("Arn") ?? "", created: member.value("CreateDate").flatMap(Timestamp.date))
            }
            return (users, Self.marker(tree, "ListUsersResult"))
        }
        let report = try await credentialReport()
        let users = await concurrently(listed, limit: 8) { user in
            IAMUser(
                name: user.name, arn: user.arn, created: user.created, credentials: report[user.name],
                attachedPolicies: await Result { () async throws(CollectorError) in try await attachedPolicyNames(user.name) },
                inlinePolicies: await Result { () async throws(CollectorError) in try await inlinePolicyNames(of: "User", user.name) })
        }
        progress.note("iam: \(users.count) users")
        let passwordPolicy = try await call("GetAccountPasswordPolicy", absent: ["NoSuchEntity"]).map(Self.passwordPolicy)
        return IAMFacts(
            users: users, root: report["<root_account>"], passwordPolicy: passwordPolicy,
            attachedPolicies: try await attachedManagedPolicies(), inlinePolicies: try await inlinePolicies(users),
            countedUsers: try? await countedUsers())
    }

    func call(_ action: String, _ parameters: [(String, String)] = []) async throws(CollectorError) -> XMLTree {
        try await aws.query("iam", action, version: Self.version, region: "us-east-1", parameters)
    }

    func call(_ action: String, _ parameters: [(String, String)] = [], absent: Set<String>) async throws(CollectorError) -> XMLTree? {
        try await aws.query("iam", action, version: Self.version, region: "us-east-1", parameters, absent: absent)
    }

    /// The `Users` entry of the account summary.
    func countedUsers() async throws(CollectorError) -> Int? {
        let entries = try await call("GetAccountSummary").items("GetAccountSummaryResult/SummaryMap")
        return entries.first { $0.value("key") == "Users" }?.value("value").flatMap { Int($0) }
    }

    static func marker(_ tree: XMLTree, _ result: String) -> String? {
        tree.at(result)?.value("IsTruncated") == "true" ? tree.at(result)?.value("Marker") : nil
    }

    // MARK: - Credential report

    /// Asks for a fresh report and waits (bounded) until AWS has written it.
    func credentialReport() async throws(CollectorError) -> [String: CredentialRow] {
        for attempt in 0..<20 {
            let state = try await call("GenerateCredentialReport").at("GenerateCredentialReportResult")?.value("State")
            if state == "COMPLETE" { break }
            if attempt == 19 { throw .timedOut(action: "iam:GenerateCredentialReport", seconds: 10) }
            try? await Task.sleep(for: .milliseconds(500))
        }
        let tree = try await call("GetCredentialReport")
        guard let content = tree.at("GetCredentialReportResult")?.value("Content"),
            let data = Data(base64Encoded: content.filter { !$0.isWhitespace }),
            let text = String(data: data, encoding: .utf8)
        else { throw .malformed(action: "iam:GetCredentialReport", reason: "the report is not base64 CSV") }
        let records: [CSV.Record]
        do { records = try CSV.parse(text, file: "credential report") } catch {
            throw .malformed(action: "iam:GetCredentialReport", reason: error.description)
        }
        guard let header = records.first?.fields, header.contains("user"), header.contains("mfa_active") else {
            throw .malformed(action: "iam:GetCredentialReport", reason: "the report has no user and mfa_active columns")
        }
        let table = records.dropFirst().map { record in
            (line: record.line, values: Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first }))
        }
        var rows: [String: CredentialRow] = [:]
        for (_, values) in table {
            let keys = (1...2).map { slot in
                CredentialRow.AccessKey(
                    slot: slot, active: values["access_key_\(slot)_active"] == "true",
                    lastRotated: Self.date(values["access_key_\(slot)_last_rotated"]),
                    lastUsed: Self.date(values["access_key_\(slot)_last_used_date"]))
            }
            let user = values["user"] ?? ""
            rows[user] = CredentialRow(
                user: user, arn: values["arn"] ?? "", passwordEnabled: values["password_enabled"] == "true",
                passwordLastUsed: Self.date(values["password_last_used"]), passwordLastChanged: Self.date(values["password_last_changed"]),
                mfaActive: values["mfa_active"] == "true", keys: keys, created: Self.date(values["user_creation_time"]))
        }
        return rows
    }

    /// The report writes `N/A`, `no_information` or `not_supported` where there is no date.
    static func date(_ text: String?) -> Date? {
        guard let text, text.first?.isNumber == true else { return nil }
        return Timestamp.date(text) ?? Timestamp.date(text.replacingOccurrences(of: "+00:00", with: "Z"))
    }

    static func passwordPolicy(_ tree: XMLTree) -> PasswordPolicy {
        let policy = tree.at("GetAccountPasswordPolicyResult/PasswordPolicy")
        return PasswordPolicy(
            minimumLength: Int(policy?.value("MinimumPasswordLength") ?? "") ?? 0,
            requireSymbols: policy?.value("RequireSymbols") == "true", requireNumbers: policy?.value("RequireNumbers") == "true",
            requireUppercase: policy?.value("RequireUppercaseCharacters") == "true",
            requireLowercase: policy?.value("RequireLowercaseCharacters") == "true",
            reusePrevention: policy?.value("PasswordReusePrevention").flatMap { Int($0) }, maxAge: policy?.value("MaxPasswordAge").flatMap { Int($0) }
        )
    }

    // MARK: - Policies

    func attachedPolicyNames(_ user: String) async throws(CollectorError) -> [String] {
        try await Paging.all("iam:ListAttachedUserPolicies") { (marker: String?) async throws(CollectorError) in
            let tree = try await call("ListAttachedUserPolicies", [("UserName", user)] + (marker.map { [("Marker", $0)] } ?? []))
            return (
                tree.items("ListAttachedUserPoliciesResult/AttachedPolicies").compactMap { $0.value("PolicyName") },
                Self.marker(tree, "ListAttachedUserPoliciesResult")
            )
        }
    }

    /// `kind` is `User`, `Group` or `Role`, as in the action names.
    func inlinePolicyNames(of kind: String, _ name: String) async throws(CollectorError) -> [String] {
        try await Paging.all("iam:List\(kind)Policies") { (marker: String?) async throws(CollectorError) in
            let tree = try await call("List\(kind)Policies", [("\(kind)Name", name)] + (marker.map { [("Marker", $0)] } ?? []))
            return (tree.items("List\(kind)PoliciesResult/PolicyNames").map(\.text), Self.marker(tree, "List\(kind)PoliciesResult"))
        }
    }

    func attachedManagedPolicies() async throws(CollectorError) -> [ManagedPolicy] {
        let listed = try await Paging.all("iam:ListPolicies") { (marker: String?) async throws(CollectorError) in
            let tree = try await call("ListPolicies", [("Scope", "Local"), ("OnlyAttached", "true")] + (marker.map { [("Marker", $0)] } ?? []))
            let policies = tree.items("ListPoliciesResult/Policies").map { member in
                (name: member.value("PolicyName") ?? "", arn: member.value("Arn") ?? "", version: member.value("DefaultVersionId") ?? "v1")
            }
            return (policies, Self.marker(tree, "ListPoliciesResult"))
        }
        return await concurrently(listed, limit: 8) { policy in
            let document = await Result { () async throws(CollectorError) in
                let tree = try await call("GetPolicyVersion", [("PolicyArn", policy.arn), ("VersionId", policy.version)])
                return try Self.document(tree.first("Document")?.text, action: "iam:GetPolicyVersion")
            }
            return ManagedPolicy(name: policy.name, arn: policy.arn, document: document)
        }
    }

    func inlinePolicies(_ users: [IAMUser]) async throws(CollectorError) -> [InlinePolicy] {
        var owners: [(kind: String, name: String, arn: String)] = users.map { ("User", $0.name, $0.arn) }
        for kind in ["Group", "Role"] {
            owners += try await Paging.all("iam:List\(kind)s") { (marker: String?) async throws(CollectorError) in
                let tree = try await call("List\(kind)s", marker.map { [("Marker", $0)] } ?? [])
                let found = tree.items("List\(kind)sResult/\(kind)s").map { (kind, $0.value("\(kind)Name") ?? "", $0.value("Arn") ?? "") }
                return (found, Self.marker(tree, "List\(kind)sResult"))
            }
        }
        let perOwner = await concurrently(owners, limit: 8) { owner -> [InlinePolicy] in
            let names: [String]
            if owner.kind == "User", let user = users.first(where: { $0.name == owner.name }), case .success(let listed) = user.inlinePolicies {
                names = listed
            } else {
                do throws(CollectorError) { names = try await inlinePolicyNames(of: owner.kind, owner.name) } catch {
                    return [
                        InlinePolicy(ownerKind: owner.kind.lowercased(), owner: owner.name, ownerARN: owner.arn, name: "", document: .failure(error))
                    ]
                }
            }
            var policies: [InlinePolicy] = []
            for name in names {
                let document = await Result { () async throws(CollectorError) in
                    let tree = try await call("Get\(owner.kind)Policy", [("\(owner.kind)Name", owner.name), ("PolicyName", name)])
                    return try Self.document(tree.first("PolicyDocument")?.text, action: "iam:Get\(owner.kind)Policy")
                }
                policies.append(
                    InlinePolicy(ownerKind: owner.kind.lowercased(), owner: owner.name, ownerARN: owner.arn, name: name, document: document))
            }
            return policies
        }
        return perOwner.flatMap { $0 }
    }

    /// IAM returns documents URL-encoded.
    static func document(_ text: String?, action: String) throws(CollectorError) -> PolicyDocument {
        guard let text else { throw .malformed(action: action, reason: "no policy document") }
        let decoded = text.removingPercentEncoding ?? text
        do { return try PolicyDocument.parse(Array(decoded.utf8)) } catch { throw .malformed(action: action, reason: error.reason) }
    }
}
