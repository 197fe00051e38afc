import ComplianceCore
import Foundation

/// The GitHub checks. Ids are Attest's own (`github_…`): Prowler has no GitHub provider to match.
public enum GitHubChecks {
    public static let all: [Check<GitHubFacts>] = [twoFactor, owners, outsideCollaborators, protectedBranch, reviews, forcePush, dependabot]
    public static var descriptors: [CheckDescriptor] { all.map(\.descriptor) }

    static func check(
        _ id: String, _ title: String, resource: String, _ criteria: [CriterionSupport], judge: @escaping @Sendable (GitHubFacts) -> [ResourceFinding]
    ) -> Check<GitHubFacts> {
        Check(CheckDescriptor(id: id, title: title, connector: "github", service: "github", resourceType: resource, criteria: criteria), judge: judge)
    }

    static func memberURL(_ login: String) -> String { "https://github.com/\(login)" }

    static let twoFactor = check(
        "github_org_members_2fa_enabled", "Organisation members sign in with two-factor authentication", resource: "GitHubMember",
        [CriterionSupport("CC6.1", direct: true)]
    ) { facts in
        facts.members.judged(scope: facts.organization) { members in
            facts.withoutTwoFactor.judged(scope: facts.organization) { missing in
                members.map {
                    .verdict(
                        !missing.contains($0.login), id: $0.login, arn: memberURL($0.login), region: "global", pass: "Two-factor authentication on.",
                        fail: "Two-factor authentication off.")
                }
            }
        }
    }

    /// Owners can change everything; two to four is the usual advice (one is a single point of failure).
    static let owners = check(
        "github_org_owners_limited", "The organisation has at most four owners", resource: "GitHubOrganization",
        [CriterionSupport("CC6.3", direct: false)]
    ) { facts in
        facts.members.judged(scope: facts.organization) { members in
            let admins = members.filter(\.admin).map(\.login).sorted()
            return [
                .verdict(
                    admins.count <= 4, id: facts.organization, arn: "https://github.com/\(facts.organization)", region: "global",
                    pass: "\(admins.count) owners: \(admins.joined(separator: ", ")).",
                    fail: "\(admins.count) owners: \(admins.joined(separator: ", ")).")
            ]
        }
    }

    /// Listed for the access review: each outside collaborator is someone outside the staff list.
    static let outsideCollaborators = check(
        "github_org_outside_collaborators_listed", "Outside collaborators are listed for review", resource: "GitHubCollaborator",
        [CriterionSupport("CC6.2", direct: false)]
    ) { facts in
        facts.outsideCollaborators.judged(scope: facts.organization) { logins in
            logins.map {
                ResourceFinding(
                    id: $0, arn: memberURL($0), region: "global", status: .pass, detail: "Outside collaborator: confirm in the access review.")
            }
        }
    }

    static func repositories(_ facts: GitHubFacts, _ judge: (GitHubFacts.Repository, JSONTree?) -> ResourceFinding) -> [ResourceFinding] {
        facts.repositories.judged(scope: facts.organization) { repositories in
            repositories.map { repository in
                switch repository.protection {
                case .success(let protection): judge(repository, protection)
                case .failure(let error): .unanswered(error, scope: repository.name)
                }
            }
        }
    }

    static let protectedBranch = check(
        "github_default_branch_protected", "Default branches are protected", resource: "GitHubRepository", [CriterionSupport("CC8.1", direct: true)]
    ) { facts in
        repositories(facts) { repository, protection in
            .verdict(
                protection != nil, id: repository.name, arn: repository.url, region: "global", pass: "\(repository.defaultBranch) is protected.",
                fail: "\(repository.defaultBranch) has no branch protection.")
        }
    }

    static let reviews = check(
        "github_default_branch_requires_review", "Changes to default branches need an approving review", resource: "GitHubRepository",
        [CriterionSupport("CC8.1", direct: true)]
    ) { facts in
        repositories(facts) { repository, protection in
            let required = protection?["required_pull_request_reviews"]["required_approving_review_count"].int ?? 0
            return .verdict(
                required >= 1, id: repository.name, arn: repository.url, region: "global", pass: "\(required) approving review(s) required.",
                fail: "Merges to \(repository.defaultBranch) need no approving review.")
        }
    }

    static let forcePush = check(
        "github_default_branch_no_force_push", "Default branches refuse force pushes", resource: "GitHubRepository",
        [CriterionSupport("CC8.1", direct: false)]
    ) { facts in
        repositories(facts) { repository, protection in
            // Without protection, anyone with write access can force-push.
            let allowed = protection.map { $0["allow_force_pushes"]["enabled"].bool ?? false } ?? true
            return .verdict(
                !allowed, id: repository.name, arn: repository.url, region: "global", pass: "Force pushes refused.",
                fail: "Force pushes to \(repository.defaultBranch) are allowed.")
        }
    }

    static let dependabot = check(
        "github_dependabot_no_open_critical_alerts", "No open critical or high Dependabot alerts", resource: "GitHubRepository",
        [CriterionSupport("CC7.1", direct: true)]
    ) { facts in
        facts.repositories.judged(scope: facts.organization) { repositories in
            repositories.map { repository in
                switch repository.alerts {
                case .success(let open):
                    .verdict(
                        open == 0, id: repository.name, arn: repository.url, region: "global", pass: "No open critical or high alerts.",
                        fail: "\(open) open critical or high alerts.")
                case .failure(let error): .unanswered(error, scope: repository.name)
                }
            }
        }
    }
}
