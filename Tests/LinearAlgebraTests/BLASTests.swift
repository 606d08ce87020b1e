import Testing
@testable import LinearAlgebra
import TestSupport

/// Hand-computed BLAS results. The fixtures used throughout:
///
///     A = [[1, 2, 3],        B = [[ 7,  8],
///          [4, 5, 6]]             [ 9, 10],
///                                 [11, 12]]
///
///     A·B = [[1·7 + 2·9 + 3·11, 1·8 + 2·10 + 3·12],   = [[ 58,  64],
///            [4·7 + 5·9 + 6·11, 4·8 + 5·10 + 6·12]]      [139, 154]]
@Suite("BLAS")
struct BLASTests {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    let ab = Matrix([[58, 64], [139, 154]])

    @Test("gemm: C = A·B for 2×3 · 3×2")
    func gemmPlain() throws {
        var c = Matrix(rows: 2, columns: 2)
        try BLAS.gemm(a, b, into: &c)
        #expect(c == ab)
    }

    @Test("gemm transposeA: Aᵀ·D is 3×2")
    func gemmTransposeA() throws {
        // Aᵀ = [[1,4],[2,5],[3,6]], D = [[1,1],[2,0]]
        // Aᵀ·D = [[1+8, 1], [2+10, 2], [3+12, 3]] = [[9,1],[12,2],[15,3]]
        let d = Matrix([[1, 1], [2, 0]])
        var c = Matrix(rows: 3, columns: 2)
        try BLAS.gemm(a, d, into: &c, transposeA: true)
        #expect(c == Matrix([[9, 1], [12, 2], [15, 3]]))
    }

    @Test("gemm transposeB: A·(Bᵀ)ᵀ equals A·B")
    func gemmTransposeB() throws {
        // Passing Bᵀ (2×3) with transposeB gives op(Bᵀ) = B, so the product is A·B again.
        var c = Matrix(rows: 2, columns: 2)
        try BLAS.gemm(a, b.transposed, into: &c, transposeB: true)
        #expect(c == ab)
    }

    @Test("gemm transposeA and transposeB together")
    func gemmTransposeBoth() throws {
        // Aᵀ = [[1,4],[2,5],[3,6]], D = [[1,2],[0,1]] → Dᵀ = [[1,0],[2,1]]
        // Aᵀ·Dᵀ = [[1+8, 4], [2+10, 5], [3+12, 6]] = [[9,4],[12,5],[15,6]]
        let d = Matrix([[1, 2], [0, 1]])
        var c = Matrix(rows: 3, columns: 2)
        try BLAS.gemm(a, d, into: &c, transposeA: true, transposeB: true)
        #expect(c == Matrix([[9, 4], [12, 5], [15, 6]]))
    }

    @Test("gemm accumulates: C ← 2·A·B + 3·C")
    func gemmAlphaBeta() throws {
        // C₀ = all ones: 2·58 + 3 = 119, 2·64 + 3 = 131, 2·139 + 3 = 281, 2·154 + 3 = 311
        var c = Matrix(rows: 2, columns: 2, repeating: 1)
        try BLAS.gemm(a, b, into: &c, alpha: 2, beta: 3)
        #expect(c == Matrix([[119, 131], [281, 311]]))
        // Running it again accumulates on the new C: 2·58 + 3·119 = 116 + 357 = 473
        try BLAS.gemm(a, b, into: &c, alpha: 2, beta: 3)
        #expect(c[0, 0] == 473)
    }

    @Test("gemm with an empty inner dimension scales C by beta")
    func gemmEmptyInner() throws {
        // op(A) is 2×0, op(B) 0×2: the product is the zero matrix, so C ← 0 + 2·C = 2·5 = 10
        var c = Matrix(rows: 2, columns: 2, repeating: 5)
        try BLAS.gemm(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 2), into: &c, beta: 2)
        #expect(c == Matrix(rows: 2, columns: 2, repeating: 10))
    }

    @Test("multiply returns A·B and leaves its inputs alone")
    func multiply() throws {
        #expect(try BLAS.multiply(a, b) == ab)
        #expect(try BLAS.multiply(Matrix.identity(2), a) == a)
        #expect(a == Matrix([[1, 2, 3], [4, 5, 6]]))
    }

    @Test("multiply and gemm reject mismatched shapes")
    func dimensionMismatch() throws {
        // A is 2×3; A·A needs A's 3 columns to meet A's 2 rows.
        let error = #expect(throws: LinearAlgebraError.self) { try BLAS.multiply(a, a) }
        guard case .dimensionMismatch(let what)? = error else {
            Issue.record("expected .dimensionMismatch, got \(String(describing: error))")
            return
        }
        #expect(what.contains("2×3"))
        // Inner dimensions fit but C has the wrong shape (A·B is 2×2, C is 3×3).
        var c = Matrix(rows: 3, columns: 3)
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, b, into: &c) }
        #expect(c == Matrix(rows: 3, columns: 3)) // untouched
    }

    @Test("gemv: y = A·x and y ← 2·A·x + y")
    func gemvNormal() throws {
        // A·[1, 0, −1] = [1 − 3, 4 − 6] = [−2, −2]
        var y = [0.0, 0.0]
        try BLAS.gemv(a, [1, 0, -1], into: &y)
        #expect(y == [-2, -2])
        // 2·[−2, −2] + 1·[10, 20] = [6, 16]
        var z = [10.0, 20.0]
        try BLAS.gemv(a, [1, 0, -1], into: &z, alpha: 2, beta: 1)
        #expect(z == [6, 16])
    }

    @Test("gemv transposed: y = Aᵀ·x")
    func gemvTransposed() throws {
        // Aᵀ·[1, 2] = [1 + 8, 2 + 10, 3 + 12] = [9, 12, 15]
        var y = [0.0, 0.0, 0.0]
        try BLAS.gemv(a, [1, 2], into: &y, transpose: true)
        #expect(y == [9, 12, 15])
    }

    @Test("gemv rejects vectors of the wrong length")
    func gemvMismatch() {
        var y = [0.0, 0.0]
        // A is 2×3 so x needs 3 elements; transposed, y would need 3.
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(a, [1, 2], into: &y) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(a, [1, 2], into: &y, transpose: true) }
    }

    @Test("axpy: y ← 2·x + y")
    func axpy() throws {
        // 2·[1, 2, 3] + [10, 20, 30] = [12, 24, 36]
        var y = [10.0, 20.0, 30.0]
        try BLAS.axpy(2, [1, 2, 3], &y)
        #expect(y == [12, 24, 36])
        var short = [1.0]
        #expect(throws: LinearAlgebraError.self) { try BLAS.axpy(1, [1, 2], &short) }
        #expect(short == [1])
    }

    @Test("dot: xᵀy")
    func dot() throws {
        // 1·4 + 2·5 + 3·6 = 4 + 10 + 18 = 32
        #expect(try BLAS.dot([1, 2, 3], [4, 5, 6]) == 32)
        #expect(try BLAS.dot([], []) == 0)
        #expect(throws: LinearAlgebraError.dimensionMismatch("dot: x has 2, y has 3")) {
            try BLAS.dot([1, 2], [1, 2, 3])
        }
    }

    @Test("the binary links OpenBLAS")
    func linksOpenBLAS() {
        #expect(BLAS.configuration.contains("OpenBLAS"))
    }
}
