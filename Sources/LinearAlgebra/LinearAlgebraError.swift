/// Why a factorisation or solve failed. Thrown, never trapped: singular input is a property of
/// the data (for example a degenerate calibration system), not a programming error.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The dimensions of the operands do not fit the operation.
    case dimensionMismatch(String)
    /// `U(i,i)` is exactly zero in the LU factorisation (dgesv `info = i`, 1-based).
    case singular(pivot: Int)
    /// The leading minor of order `order` is not positive (dpotrf `info = order`).
    case notPositiveDefinite(order: Int)
    /// The least-squares matrix does not have full rank (dgels `info = i`).
    case rankDeficient(diagonal: Int)
    /// An iterative routine did not converge (dgesdd `info > 0`).
    case noConvergence(routine: String, info: Int32)
    /// LAPACK reported an illegal argument (`info < 0`); a bug in this module, reported rather than trapped.
    case lapack(routine: String, info: Int32)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "dimension mismatch: \(what)"
        case .singular(let pivot): return "matrix is singular (zero pivot at \(pivot))"
        case .notPositiveDefinite(let order): return "matrix is not positive definite (leading minor of order \(order))"
        case .rankDeficient(let d): return "matrix is rank deficient (zero diagonal element \(d) of R)"
        case .noConvergence(let routine, let info): return "\(routine) did not converge (info = \(info))"
        case .lapack(let routine, let info): return "\(routine) failed with info = \(info)"
        }
    }
}
