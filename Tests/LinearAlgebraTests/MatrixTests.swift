import Testing
@testable import LinearAlgebra
import TestSupport

/// `Matrix` layout: column-major storage, element (i, j) at `storage[i + j * rows]`.
@Suite("Matrix")
struct MatrixTests {
    @Test("rows written on paper are stored column by column")
    func columnMajorStorage() {
        // [[1, 2, 3],
        //  [4, 5, 6]]  → columns (1,4), (2,5), (3,6)
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2)
        #expect(a.columns == 3)
        #expect(a.storage == [1, 4, 2, 5, 3, 6])
        #expect(a[1, 0] == 4)
        #expect(a[0, 2] == 3)
        #expect(a.column(1) == [2, 5])
    }

    @Test("transpose, identity and column vector")
    func transposeIdentityColumn() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        // Aᵀ = [[1, 4], [2, 5], [3, 6]]
        #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(Matrix.identity(2) == Matrix([[1, 0], [0, 1]]))
        let v = Matrix(column: [7, 8, 9])
        #expect(v.rows == 3 && v.columns == 1)
        #expect(v[2, 0] == 9)
    }
}
