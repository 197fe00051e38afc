import FluentKit
import Foundation

extension QueryBuilder where Model.IDValue == UUID {
    /// Runs the query `size` rows at a time in id order, each page starting after the last id of
    /// the one before (keyset paging): memory stays at one page however many rows match, and rows
    /// inserted meanwhile never shift a page the way an OFFSET would.
    func forEachPage(of size: Int, _ body: ([Model]) async throws -> Void) async throws {
        var after: UUID?
        while true {
            let page = copy()
            if let after { page.filter(\._$id > after) }
            let models = try await page.sort(\._$id).limit(size).all()
            if models.isEmpty { return }
            try await body(models)
            guard models.count == size else { return }
            after = try models.last?.requireID()
        }
    }
}
