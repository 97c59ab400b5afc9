import Foundation

/// `quire import`: Markdown files with front matter become posts; a file imports whole or not at all.
public struct MarkdownImporter: Sendable {
    public let store: PostStore

    public init(store: PostStore) {
        self.store = store
    }

    /// What became of one file.
    public enum Outcome: Sendable, Equatable {
        case created(slug: String, ignoredKeys: [String])
        case updated(slug: String, ignoredKeys: [String])
        case failed(problem: String)
    }

    /// The `.md` files that the given paths name: files as given, folders by their `.md` files.
    public static func markdownFiles(in paths: [String]) throws(ImportProblem) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ImportProblem("\(path): no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw ImportProblem("\(path): can't read the folder")
            }
            let folder = URL(fileURLWithPath: path)
            files += names.filter { $0.lowercased().hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
        }
        return files
    }

    /// Imports one file: creates its post, or updates the post that has its slug.
    public func importFile(at path: String, now: Date) async -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failed(problem: "can't read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failed(problem: "the file is not UTF-8 text")
        }
        do {
            let document = try FrontMatterDocument(text: text)
            let (saved, created) = try await store.upsert(document.draft, now: now)
            return created
                ? .created(slug: saved.post.slug, ignoredKeys: document.ignoredKeys)
                : .updated(slug: saved.post.slug, ignoredKeys: document.ignoredKeys)
        } catch let problem as ImportProblem {
            return .failed(problem: problem.description)
        } catch {
            return .failed(problem: "\(error)")
        }
    }
}
