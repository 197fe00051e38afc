import ComplianceCore
import Foundation

extension AWSChecks {
    static let identity: [Check<AWSFacts>] = [
        check("iam_root_mfa_enabled", "The root account signs in with MFA", service: "iam", resource: "AwsIamUser", direct("CC6.1")) { facts in
            facts.iam.judged(scope: "iam") { iam in
                guard let root = iam.root else { return [] }
                return [
                    .verdict(
                        root.mfaActive, id: "<root_account>", arn: root.arn, region: "global", pass: "MFA is enabled for the root account.",
                        fail: "The root account has no MFA.")
                ]
            }
        },
        check("iam_no_root_access_key", "The root account has no access keys", service: "iam", resource: "AwsIamUser", direct("CC6.1")) { facts in
            facts.iam.judged(scope: "iam") { iam in
                guard let root = iam.root else { return [] }
                let active = root.keys.filter(\.active).count
                return [
                    .verdict(
                        active == 0, id: "<root_account>", arn: root.arn, region: "global", pass: "The root account has no access keys.",
                        fail: "The root account has \(active) active access key(s).")
                ]
            }
        },
        check(
            "iam_user_mfa_enabled_console_access", "Users who sign in to the console use MFA", service: "iam", resource: "AwsIamUser", direct("CC6.1")
        ) { facts in
            users(facts) { user, row in
                guard row.passwordEnabled else {
                    return .verdict(true, id: user.name, arn: user.arn, region: "global", pass: "No console password.", fail: "")
                }
                return .verdict(
                    row.mfaActive, id: user.name, arn: user.arn, region: "global", pass: "Console password with MFA.",
                    fail: "Console password without MFA.")
            }
        },
        check(
            "iam_password_policy_minimum_length_14", "The password policy requires at least 14 characters", service: "iam", resource: "AwsAccount",
            indirect("CC6.1")
        ) { facts in
            passwordPolicy(facts) { $0.minimumLength >= 14 ? nil : "Minimum length is \($0.minimumLength)." }
        },
        check(
            "iam_password_policy_reuse_24", "The password policy prevents reusing the last 24 passwords", service: "iam", resource: "AwsAccount",
            indirect("CC6.1")
        ) { facts in
            passwordPolicy(facts) { ($0.reusePrevention ?? 0) >= 24 ? nil : "Reuse prevention is \($0.reusePrevention ?? 0)." }
        },
        check("iam_rotate_access_key_90_days", "Access keys are rotated within 90 days", service: "iam", resource: "AwsIamUser", indirect("CC6.1")) {
            facts in
            keys(facts, olderThan: 90, by: \.lastRotated, pass: "No active key older than 90 days.", fail: "not rotated in 90 days")
        },
        check(
            "iam_user_accesskey_unused", "Access keys unused for 45 days are disabled", service: "iam", resource: "AwsIamUser",
            direct("CC6.2") + indirect("CC6.3")
        ) { facts in
            keys(facts, olderThan: 45, by: \.lastUsed, pass: "No active key unused for 45 days.", fail: "unused for over 45 days")
        },
        check(
            "iam_user_console_access_unused", "Console passwords unused for 45 days are removed", service: "iam", resource: "AwsIamUser",
            direct("CC6.2") + indirect("CC6.3")
        ) { facts in
            users(facts) { user, row in
                guard row.passwordEnabled, let unused = days(since: row.passwordLastUsed) else {
                    return .verdict(true, id: user.name, arn: user.arn, region: "global", pass: "No console password used before.", fail: "")
                }
                return .verdict(
                    unused <= 45, id: user.name, arn: user.arn, region: "global", pass: "Console used within 45 days.",
                    fail: "Console unused for \(unused) days.")
            }
        },
        check("iam_user_two_active_access_key", "No user has two active access keys", service: "iam", resource: "AwsIamUser", indirect("CC6.1")) {
            facts in
            users(facts) { user, row in
                .verdict(
                    row.keys.filter(\.active).count < 2, id: user.name, arn: user.arn, region: "global", pass: "At most one active key.",
                    fail: "Two active access keys.")
            }
        },
        check(
            "iam_policy_attached_only_to_group_or_roles", "Users receive rights through groups or roles, not policies of their own",
            service: "iam", resource: "AwsIamUser", direct("CC6.3")
        ) { facts in
            facts.iam.judged(scope: "iam") { iam in
                iam.users.map { user in
                    switch (user.attachedPolicies, user.inlinePolicies) {
                    case (.failure(let error), _), (_, .failure(let error)): return .unanswered(error, scope: user.name)
                    case (.success(let attached), .success(let inline)):
                        let own = attached + inline
                        return .verdict(
                            own.isEmpty, id: user.name, arn: user.arn, region: "global", pass: "No policies of the user's own.",
                            fail: "Policies on the user: \(own.joined(separator: ", ")).")
                    }
                }
            }
        },
        check(
            "iam_customer_attached_policy_no_administrative_privileges", "No attached customer policy grants every action on every resource",
            service: "iam", resource: "AwsIamPolicy", direct("CC6.3") + indirect("CC6.1")
        ) { facts in
            facts.iam.judged(scope: "iam") { iam in
                iam.attachedPolicies.map { policy in
                    policy.document.judged(scope: policy.name) { document in
                        [
                            .verdict(
                                !document.grantsAdministrator, id: policy.name, arn: policy.arn, region: "global", pass: "Does not grant *:*.",
                                fail: "Grants every action on every resource.")
                        ]
                    }.first!
                }
            }
        },
        check(
            "iam_inline_policy_no_administrative_privileges", "No inline policy grants every action on every resource", service: "iam",
            resource: "AwsIamPolicy", direct("CC6.3")
        ) { facts in
            facts.iam.judged(scope: "iam") { iam in
                iam.inlinePolicies.map { policy in
                    policy.document.judged(scope: "\(policy.ownerKind) \(policy.owner)") { document in
                        [
                            .verdict(
                                !document.grantsAdministrator, id: "\(policy.owner)/\(policy.name)", arn: policy.ownerARN, region: "global",
                                pass: "Does not grant *:*.", fail: "Inline policy \(policy.name) grants every action on every resource.")
                        ]
                    }.first!
                }
            }
        },
    ]

    /// Judges each user with its credential report row (a user created after the report is skipped).
    static func users(_ facts: AWSFacts, _ judge: (IAMUser, CredentialRow) -> ResourceFinding) -> [ResourceFinding] {
        facts.iam.judged(scope: "iam") { iam in iam.users.compactMap { user in user.credentials.map { judge(user, $0) } } }
    }

    /// Every row of the credential report, the root account's included, as Prowler judges keys.
    static func credentialRows(_ facts: AWSFacts, _ judge: (CredentialRow) -> ResourceFinding) -> [ResourceFinding] {
        facts.iam.judged(scope: "iam") { iam in
            (iam.root.map { [$0] } ?? []).map(judge) + iam.users.compactMap { $0.credentials.map(judge) }
        }
    }

    /// Every credential row judged on its active keys: a key whose `date` is more than `days` old fails.
    static func keys(
        _ facts: AWSFacts, olderThan days: Int, by date: KeyPath<CredentialRow.AccessKey, Date?>, pass: String, fail: String
    ) -> [ResourceFinding] {
        credentialRows(facts) { row in
            let old = row.keys.filter { $0.active && (self.days(since: $0[keyPath: date]) ?? 0) > days }
            return .verdict(
                old.isEmpty, id: row.user, arn: row.arn, region: "global", pass: pass,
                fail: "Access key \(old.map { String($0.slot) }.joined(separator: ", ")) \(fail).")
        }
    }

    /// The account's password policy judged by `problem` (nil when it passes); no policy fails.
    static func passwordPolicy(_ facts: AWSFacts, _ problem: @escaping (PasswordPolicy) -> String?) -> [ResourceFinding] {
        facts.iam.judged(scope: "iam") { iam in
            let arn = "arn:aws:iam::\(facts.account):root"
            guard let policy = iam.passwordPolicy else {
                return [ResourceFinding(id: facts.account, arn: arn, region: "global", status: .fail, detail: "The account has no password policy.")]
            }
            let found = problem(policy)
            return [
                ResourceFinding(
                    id: facts.account, arn: arn, region: "global", status: found == nil ? .pass : .fail,
                    detail: found ?? "The policy meets the requirement.")
            ]
        }
    }
}
