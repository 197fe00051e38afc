import ComplianceCore
import Foundation
import UseCases

/// The demo's workforce: a roster of Acme Cloud's people with four leavers, and the accounts of
/// three systems. Two leavers still hold GitHub accounts, one was removed from AWS three days
/// late, one left cleanly; a shared inbox and a deploy bot are owned but not people. Everything
/// goes through the same CSV imports a compliance lead uses.
enum DemoPeople {
    /// `reviewer` (the owner, who holds no account in the systems reviewed) decides the quarterly campaign.
    static func seed(_ workflows: Workflows, scope: TenantScope, reviewer: TenantScope, now: Date = Date()) async throws {
        let today = Day(now)
        func day(_ offset: Int) -> String { today.adding(days: offset).description }
        func time(_ offset: Int, hour: Int) -> String { Timestamp.rfc3339(today.adding(days: offset).date.addingTimeInterval(Double(hour) * 3600)) }
        let staff: [(email: String, name: String, start: Int, end: Int?, manager: String, department: String, title: String, type: String)] = [
            ("olivia@acme.example", "Olivia Owner", -1400, nil, "", "Executive", "Chief Executive", "employee"),
            ("erin@acme.example", "Erin Engineer", -1100, nil, "olivia@acme.example", "Engineering", "CTO", "employee"),
            ("adam@acme.example", "Adam Admin", -900, nil, "erin@acme.example", "Security", "Security Officer", "employee"),
            ("mia@acme.example", "Mia Member", -600, nil, "erin@acme.example", "Engineering", "Software Engineer", "employee"),
            ("sam@acme.example", "Sam Sales", -400, nil, "olivia@acme.example", "Sales", "Sales Lead", "employee"),
            ("vera@acme.example", "Vera Viewer", -300, nil, "olivia@acme.example", "Finance", "Controller", "employee"),
            ("noah@acme.example", "Noah Nguyen", -500, nil, "erin@acme.example", "Engineering", "SRE", "employee"),
            ("ines@acme.example", "Ines Ibarra", -200, nil, "adam@acme.example", "Security", "Security Engineer", "contractor"),
            ("dana@acme.example", "Dana Diaz", -800, -41, "erin@acme.example", "Engineering", "Software Engineer", "employee"),
            ("eli@acme.example", "Eli Evans", -450, -12, "erin@acme.example", "Engineering", "Data Engineer", "contractor"),
            ("fran@acme.example", "Fran Fischer", -700, -63, "olivia@acme.example", "Sales", "Account Executive", "employee"),
            ("gus@acme.example", "Gus Green", -350, -95, "adam@acme.example", "Support", "Support Engineer", "employee"),
            ("security@acme.example", "Security inbox", -1400, nil, "adam@acme.example", "Security", "", "shared_inbox"),
            ("deploy-bot@acme.example", "Deploy bot", -1000, nil, "erin@acme.example", "Engineering", "", "service_account"),
        ]
        var roster = [Roster.columns]
        for person in staff {
            roster.append([
                person.email, person.name, day(person.start), person.end.map(day) ?? "", person.manager, person.department, person.title, person.type,
            ])
        }
        _ = try await workflows.people.importRoster(Array(roster.map(CSV.line).joined().utf8), file: "acme-roster.csv", in: scope, now: now)

        // Each leaver's disable time in each system, in hours after midnight of their last day's end.
        func accounts(_ rows: [(String, String, Int, String, Bool)]) -> [UInt8] {
            Array(
                ([AccountListing.columns] + rows.map { [$0.0, $0.1, time($0.2, hour: 9), $0.3, $0.4 ? "true" : "false"] }).map(CSV.line).joined().utf8
            )
        }
        let okta = accounts(
            staff.filter { $0.type != "service_account" }.map { person in
                // Okta is switched off on the last evening for every leaver.
                (person.email, person.email, person.start, person.end.map { time($0, hour: 18) } ?? "", person.email == "adam@acme.example")
            })
        let github = accounts([
            ("erin-acme", "erin@acme.example", -1000, "", true), ("mia-codes", "mia@acme.example", -590, "", false),
            ("noah-sre", "noah@acme.example", -490, "", false), ("adam-sec", "adam@acme.example", -880, "", true),
            ("dana-d", "dana@acme.example", -790, "", false), ("eli-data", "eli@acme.example", -440, "", false),
            ("fran-f", "fran@acme.example", -690, time(-62, hour: 11), false), ("gus-g", "gus@acme.example", -340, time(-95, hour: 17), false),
            ("acme-deploy", "deploy-bot@acme.example", -990, "", false),
        ])
        let aws = accounts([
            ("erin", "erin@acme.example", -1000, "", true), ("adam", "adam@acme.example", -880, "", true),
            ("noah", "noah@acme.example", -480, "", false),
            ("dana", "dana@acme.example", -700, time(-40, hour: 10), false), ("fran", "fran@acme.example", -680, time(-60, hour: 10), false),
            ("release-bot", "deploy-bot@acme.example", -900, "", false),
        ])
        // Last quarter's GitHub review: taken on the listing of ten weeks ago, Fran's access revoked
        // ahead of her leaving, closed once this week's listing shows it disabled.
        let earlier = now.addingTimeInterval(-70 * 86_400)
        let then = accounts([
            ("erin-acme", "erin@acme.example", -1000, "", true), ("mia-codes", "mia@acme.example", -590, "", false),
            ("noah-sre", "noah@acme.example", -490, "", false), ("adam-sec", "adam@acme.example", -880, "", true),
            ("dana-d", "dana@acme.example", -790, "", false), ("eli-data", "eli@acme.example", -440, "", false),
            ("fran-f", "fran@acme.example", -690, "", false), ("gus-g", "gus@acme.example", -340, time(-95, hour: 17), false),
            ("acme-deploy", "deploy-bot@acme.example", -990, "", false),
        ])
        _ = try await workflows.people.importAccounts(then, system: "github", file: "github-members.csv", in: scope, now: earlier)
        let review = try await workflows.accessReviews.start(
            system: "github", periodStart: today.adding(days: -160), periodEnd: today.adding(days: -70), in: reviewer,
            now: earlier.addingTimeInterval(3_600))
        for item in review.items {
            let revoke = item.account == "fran-f"
            _ = try await workflows.accessReviews.decide(
                review.id, account: item.account, decision: revoke ? .revoke : .keep,
                reason: revoke ? "Leaves Sales at the end of the month; no repository access needed since the handover." : nil, in: reviewer,
                now: earlier.addingTimeInterval(2 * 86_400))
        }
        for (system, file, bytes) in [
            ("okta", "okta-users.csv", okta), ("github", "github-members.csv", github), ("aws-production", "iam-users.csv", aws),
        ] {
            _ = try await workflows.people.importAccounts(bytes, system: system, file: file, in: scope, now: now)
        }
        _ = try await workflows.accessReviews.close(review.id, in: reviewer, now: now)
    }
}
