import CBLAS

/// LAPACKE's `lapack_int` is a C macro (`int` in the LP64 build Debian ships), which Swift does not import.
typealias lapack_int = Int32

/// Solves and factorisations through LAPACKE (column-major, `LAPACK_COL_MAJOR`).
///
/// Every routine copies its inputs, so callers keep their matrices; failures are typed
/// ``LinearAlgebraError`` values built from LAPACK's `info`.
public enum LAPACK {
    /// Solves `A·X = B` for square `A` by LU with partial pivoting (dgesv). `B` may hold many right-hand sides.
    public static func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch("solve: A is \(a.rows)×\(a.columns), not square")
        }
        guard b.rows == a.rows else {
            throw LinearAlgebraError.dimensionMismatch("solve: A is \(a.rows)×\(a.columns), B has \(b.rows) rows")
        }
        let n = a.rows
        if n == 0 { return b }
        var lu = a.storage
        var x = b.storage
        var pivots = [lapack_int](repeating: 0, count: n)
        let info = LAPACKE_dgesv(
            LAPACK_COL_MAJOR, lapack_int(n), lapack_int(b.columns),
            &lu, lapack_int(n), &pivots, &x, lapack_int(max(1, n)))
        if info > 0 { throw LinearAlgebraError.singular(pivot: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dgesv", info: info) }
        return Matrix(rows: b.rows, columns: b.columns, columnMajor: x)
    }

    /// Solves `A·x = b` for one right-hand side.
    public static func solve(_ a: Matrix, _ b: [Double]) throws -> [Double] {
        try solve(a, Matrix(column: b)).storage
    }

    /// Least-squares solution of an overdetermined system `min ‖A·X − B‖₂` by QR (dgels).
    /// `A` is `m × n` with `m ≥ n` and full column rank; the result is `n × nrhs`.
    public static func leastSquares(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.rows >= a.columns, a.columns > 0 else {
            throw LinearAlgebraError.dimensionMismatch("leastSquares: A is \(a.rows)×\(a.columns); need rows ≥ columns > 0")
        }
        guard b.rows == a.rows else {
            throw LinearAlgebraError.dimensionMismatch("leastSquares: A has \(a.rows) rows, B has \(b.rows)")
        }
        var qr = a.storage
        var x = b.storage
        let info = LAPACKE_dgels(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")),
            lapack_int(a.rows), lapack_int(a.columns), lapack_int(b.columns),
            &qr, lapack_int(a.rows), &x, lapack_int(b.rows))
        if info > 0 { throw LinearAlgebraError.rankDeficient(diagonal: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dgels", info: info) }
        // The first n rows of each column of X hold the solution.
        var solution = Matrix(rows: a.columns, columns: b.columns)
        for j in 0..<b.columns { for i in 0..<a.columns { solution[i, j] = x[i + j * b.rows] } }
        return solution
    }

    /// Least squares for one right-hand side.
    public static func leastSquares(_ a: Matrix, _ b: [Double]) throws -> [Double] {
        try leastSquares(a, Matrix(column: b)).storage
    }

    /// The lower Cholesky factor `L` with `A = L·Lᵀ` for a symmetric positive-definite `A` (dpotrf).
    /// Used to correlate Monte Carlo innovations from a covariance matrix. The strict upper triangle is zero.
    public static func cholesky(_ a: Matrix) throws -> Matrix {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch("cholesky: A is \(a.rows)×\(a.columns), not square")
        }
        let n = a.rows
        if n == 0 { return a }
        var l = a.storage
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), lapack_int(n), &l, lapack_int(n))
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dpotrf", info: info) }
        var factor = Matrix(rows: n, columns: n, columnMajor: l)
        for j in 1..<max(1, n) { for i in 0..<j { factor[i, j] = 0 } }
        return factor
    }

    /// The thin singular value decomposition `A = U·diag(s)·Vᵀ` of an `m × n` matrix by divide and
    /// conquer (dgesdd): `U` is `m × r`, `s` the `r = min(m, n)` singular values in decreasing order,
    /// `Vᵀ` is `r × n`. Used for the Lee–Carter mortality fit.
    public static func singularValueDecomposition(_ a: Matrix) throws -> (u: Matrix, s: [Double], vt: Matrix) {
        let m = a.rows, n = a.columns, r = min(m, n)
        guard r > 0 else { throw LinearAlgebraError.dimensionMismatch("svd: A is \(m)×\(n), empty") }
        var work = a.storage
        var s = [Double](repeating: 0, count: r)
        var u = [Double](repeating: 0, count: m * r)
        var vt = [Double](repeating: 0, count: r * n)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), lapack_int(m), lapack_int(n),
                                  &work, lapack_int(m), &s, &u, lapack_int(m), &vt, lapack_int(r))
        if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgesdd", info: info) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dgesdd", info: info) }
        return (Matrix(rows: m, columns: r, columnMajor: u), s, Matrix(rows: r, columns: n, columnMajor: vt))
    }
}
