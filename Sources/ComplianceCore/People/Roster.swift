import Foundation

/// The roster CSV (`email,name,start_date,end_date,manager,department,title,type`), read all or
/// nothing: every problem is named by row and column, and one problem rejects the whole file.
public enum Roster {
    public static let columns = ["email", "name", "start_date", "end_date", "manager", "department", "title", "type"]
    /// An HR export of a large company fits; a file that would not is refused before it is read.
    public static let largestFile = 64 << 20
    public static let mostRows = 200_000
    /// More problems than this are summarised: a wrong file would otherwise list every row.
    static let mostProblems = 20

    public static func parse(_ text: String, file: String = "roster") throws(DomainError) -> [Person] {
        let table = try CSV.table(text, columns: columns, file: file)
        guard table.count <= mostRows else { throw .invalid("file", "\(file) has \(table.count) rows; at most \(mostRows) are read.") }
        var problems: [String] = []
        func problem(_ line: Int, _ column: String, _ message: String) { problems.append("row \(line), column \(column): \(message)") }
        var people: [(line: Int, person: Person)] = []
        var firstRow: [String: Int] = [:]
        for (line, values) in table {
            let value = { (name: String) in values[name]!.trimmed }
            if values.values.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            let email = value("email").lowercased()
            if !email.looksLikeEmail {
                problem(line, "email", "'\(email.prefix(60))' is not an email address.")
            } else if let earlier = firstRow[email] {
                problem(line, "email", "\(email) is already on row \(earlier).")
            } else {
                firstRow[email] = line
            }
            func day(_ column: String) -> Day? {
                let text = value(column)
                guard !text.isEmpty else { return nil }
                guard let day = Day(text) else {
                    problem(line, column, "'\(text.prefix(20))' is not a date (YYYY-MM-DD).")
                    return nil
                }
                return day
            }
            let start = day("start_date")
            let end = day("end_date")
            if let start, let end, end < start { problem(line, "end_date", "\(end) is before the start date \(start).") }
            guard let kind = Person.Kind(rawValue: value("type").isEmpty ? "employee" : value("type").lowercased()) else {
                problem(line, "type", "'\(value("type").prefix(20))' is not one of \(Person.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            let name = value("name")
            if name.isEmpty || name.count > 200 { problem(line, "name", "give a name of 1 to 200 characters.") }
            for column in ["department", "title", "manager"] where value(column).count > 200 {
                problem(line, column, "at most 200 characters.")
            }
            people.append(
                (
                    line,
                    Person(
                        email: email, name: name, startDate: start, endDate: end, manager: value("manager").isEmpty ? nil : value("manager"),
                        department: value("department"), title: value("title"), kind: kind)
                ))
        }
        for (line, person) in people {
            if let manager = person.manager, firstRow[manager] == nil {
                problem(line, "manager", "\(manager.prefix(60)) is not on the roster.")
            } else if person.manager == person.email {
                problem(line, "manager", "a person cannot be their own manager.")
            }
        }
        guard problems.isEmpty else { throw CSV.rejection(problems, field: "roster", file: file, shown: mostProblems) }
        return people.map(\.person)
    }
}
