import Foundation
import Testing
@testable import LinearAlgebra
import TestSupport



@Suite("LAPACK.solve")
struct SolveTests {
    /// 2x + y − z = 8, −3x − y + 2z = −11, −2x + y + 2z = −3 has x = 2, y = 3, z = −1:
    ///   2·2 + 3 + 1 = 8;  −6 − 3 − 2 = −11;  −4 + 3 − 2 = −3.
    let a = Matrix([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])

    @Test("3×3 system with an integer solution")
    func threeByThree() throws {
        let x = try LAPACK.solve(a, [8, -11, -3])
        #expect(close(x, [2, 3, -1]))
        // The input is copied, not factorised in place.
        #expect(a == Matrix([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]]))
    }

    @Test("several right-hand sides at once")
    func manyRightHandSides() throws {
        // Column 1: b = [8, −11, −3] → x = [2, 3, −1].
        // Column 2: b = A's first column [2, −3, −2] → x = e₁ = [1, 0, 0].
        // Column 3: b = A·[1, 1, 1] = [2+1−1, −3−1+2, −2+1+2] = [2, −2, 1] → x = [1, 1, 1].
        let b = Matrix([[8, 2, 2], [-11, -3, -2], [-3, -2, 1]])
        let x = try LAPACK.solve(a, b)
        #expect(x.rows == 3 && x.columns == 3)
        #expect(close(x.column(0), [2, 3, -1]))
        #expect(close(x.column(1), [1, 0, 0]))
        #expect(close(x.column(2), [1, 1, 1]))
        // Solving against A itself gives the identity.
        let i = try LAPACK.solve(a, a)
        #expect(close(i.storage, Matrix.identity(3).storage))
    }

    @Test("a singular matrix throws .singular with the zero pivot")
    func singular() {
        // [[1, 2], [2, 4]]: partial pivoting swaps the rows, U = [[2, 4], [0, 2 − ½·4 = 0]] → U(2,2) = 0.
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try LAPACK.solve(Matrix([[1, 2], [2, 4]]), [1, 2])
        }
    }

    @Test("non-square A and a mismatched B throw .dimensionMismatch")
    func nonSquare() {
        let error = #expect(throws: LinearAlgebraError.self) {
            try LAPACK.solve(Matrix([[1, 2, 3], [4, 5, 6]]), [1, 2])
        }
        guard case .dimensionMismatch(let what)? = error else {
            Issue.record("expected .dimensionMismatch, got \(String(describing: error))")
            return
        }
        #expect(what.contains("not square"))
        #expect(throws: LinearAlgebraError.self) { try LAPACK.solve(a, [1, 2]) }
    }
}

@Suite("LAPACK.leastSquares")
struct LeastSquaresTests {
    /// Fit y = a + b·x through (0,1), (1,3), (2,2), (3,5). Normal equations:
    ///   n = 4, Σx = 6, Σx² = 14, Σy = 11, Σxy = 0 + 3 + 4 + 15 = 22
    ///   [[4, 6], [6, 14]]·[a, b] = [11, 22], det = 56 − 36 = 20
    ///   a = (14·11 − 6·22)/20 = (154 − 132)/20 = 1.1
    ///   b = (4·22 − 6·11)/20 = (88 − 66)/20 = 1.1
    let design = Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])

    @Test("line through four points")
    func line() throws {
        let coefficients = try LAPACK.leastSquares(design, [1, 3, 2, 5])
        #expect(coefficients.count == 2)
        #expect(close(coefficients, [1.1, 1.1]))
        #expect(design == Matrix([[1, 0], [1, 1], [1, 2], [1, 3]]))
    }

    @Test("two right-hand sides: the solution is read out of each 4-row column")
    func twoRightHandSides() throws {
        // Column 2 is exactly y = 2 + 3x: [2, 5, 8, 11] → a = 2, b = 3.
        let b = Matrix([[1, 2], [3, 5], [2, 8], [5, 11]])
        let x = try LAPACK.leastSquares(design, b)
        #expect(x.rows == 2 && x.columns == 2)
        #expect(close(x.column(0), [1.1, 1.1]))
        #expect(close(x.column(1), [2, 3]))
    }

    @Test("two identical columns throw .rankDeficient")
    func rankDeficient() {
        // Both columns are e₁ = [1, 0, 0]: the first Householder step is the identity and
        // leaves R(2,2) = ‖[0, 0]‖ = 0 exactly, so dgels reports info = 2.
        #expect(throws: LinearAlgebraError.rankDeficient(diagonal: 2)) {
            try LAPACK.leastSquares(Matrix([[1, 1], [0, 0], [0, 0]]), [1, 2, 3])
        }
    }

    @Test("fewer rows than columns, or mismatched B, throw .dimensionMismatch")
    func shapes() {
        #expect(throws: LinearAlgebraError.self) { try LAPACK.leastSquares(Matrix([[1, 2, 3]]), [1]) }
        #expect(throws: LinearAlgebraError.self) { try LAPACK.leastSquares(design, [1, 2, 3]) }
    }
}

@Suite("LAPACK.cholesky")
struct CholeskyTests {
    @Test("[[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]")
    func twoByTwo() throws {
        // l₁₁ = √4 = 2, l₂₁ = 2/2 = 1, l₂₂ = √(3 − 1²) = √2
        let a = Matrix([[4, 2], [2, 3]])
        let l = try LAPACK.cholesky(a)
        #expect(l[0, 0] == 2)
        #expect(l[1, 0] == 1)
        #expect(close(l[1, 1], 2.0.squareRoot()))
        // The strict upper triangle is zero (dpotrf leaves A's 2 there; the wrapper clears it).
        #expect(l[0, 1] == 0)
        // L·Lᵀ reproduces A.
        var product = Matrix(rows: 2, columns: 2)
        try BLAS.gemm(l, l, into: &product, transposeB: true)
        #expect(close(product.storage, a.storage))
    }

    @Test("3×3 factor with integer entries")
    func threeByThree() throws {
        // A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]]:
        //   l₁₁ = 2, l₂₁ = 12/2 = 6, l₃₁ = −16/2 = −8
        //   l₂₂ = √(37 − 36) = 1, l₃₂ = (−43 − 6·(−8))/1 = 5
        //   l₃₃ = √(98 − 64 − 25) = 3
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let l = try LAPACK.cholesky(a)
        #expect(close(l.storage, Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]).storage))
        #expect(l[0, 1] == 0 && l[0, 2] == 0 && l[1, 2] == 0)
        #expect(close(try BLAS.multiply(l, l.transposed).storage, a.storage))
    }

    @Test("an indefinite matrix throws .notPositiveDefinite")
    func indefinite() {
        // [[1, 2], [2, 1]]: l₁₁ = 1, l₂₁ = 2, l₂₂² = 1 − 4 = −3 < 0 → leading minor of order 2.
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            try LAPACK.cholesky(Matrix([[1, 2], [2, 1]]))
        }
        #expect(throws: LinearAlgebraError.self) { try LAPACK.cholesky(Matrix([[1, 2, 3], [4, 5, 6]])) }
    }
}
