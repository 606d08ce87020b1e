/// A dense real matrix stored column-major, the layout BLAS and LAPACK expect.
///
/// Element `(i, j)` lives at `storage[i + j * rows]`. In fundcast a column is usually one
/// scenario variant or Monte Carlo path, so that one BLAS call advances a whole batch.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Column-major elements, `rows * columns` of them.
    public internal(set) var storage: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from column-major elements.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(elements.count == rows * columns, "expected \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A matrix from rows written as they read on paper: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowsOfElements: [[Double]]) {
        let r = rowsOfElements.count
        let c = rowsOfElements.first?.count ?? 0
        precondition(rowsOfElements.allSatisfy { $0.count == c }, "all rows must have the same length")
        var elements = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { elements[i + j * r] = rowsOfElements[i][j] } }
        self.init(rows: r, columns: c, columnMajor: elements)
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A column vector (an `n × 1` matrix).
    public init(column: [Double]) {
        self.init(rows: column.count, columns: 1, columnMajor: column)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }
}
