import CBLAS

/// Level-1/2/3 BLAS on ``Matrix`` through OpenBLAS's CBLAS interface.
///
/// All routines are thin, checked wrappers: they validate dimensions (throwing
/// ``LinearAlgebraError/dimensionMismatch(_:)``), then make exactly one BLAS call.
public enum BLAS {
    /// `C ← α·op(A)·op(B) + β·C` (dgemm). With `transposeA`/`transposeB`, `op(X) = Xᵀ`.
    public static func gemm(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        alpha: Double = 1, beta: Double = 0,
        transposeA: Bool = false, transposeB: Bool = false
    ) throws {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        guard k == kb, c.rows == m, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch("gemm: op(A) is \(m)×\(k), op(B) is \(kb)×\(n), C is \(c.rows)×\(c.columns)")
        }
        guard m > 0, n > 0 else { return }
        if k == 0 { // C ← β·C, which BLAS also does, but with lda = 0 it would reject the call.
            for i in c.storage.indices { c.storage[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasColMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), alpha,
                        pa.baseAddress, blasint(max(1, a.rows)),
                        pb.baseAddress, blasint(max(1, b.rows)),
                        beta, pc.baseAddress, blasint(max(1, c.rows)))
                }
            }
        }
    }

    /// `A·B` as a new matrix (dgemm).
    public static func multiply(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        try gemm(a, b, into: &c)
        return c
    }

    /// `y ← α·op(A)·x + β·y` (dgemv).
    public static func gemv(
        _ a: Matrix, _ x: [Double], into y: inout [Double],
        alpha: Double = 1, beta: Double = 0, transpose: Bool = false
    ) throws {
        let m = transpose ? a.columns : a.rows
        let n = transpose ? a.rows : a.columns
        guard x.count == n, y.count == m else {
            throw LinearAlgebraError.dimensionMismatch("gemv: op(A) is \(m)×\(n), x has \(x.count), y has \(y.count)")
        }
        guard a.rows > 0, a.columns > 0 else {
            for i in y.indices { y[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
                        blasint(a.rows), blasint(a.columns), alpha,
                        pa.baseAddress, blasint(max(1, a.rows)),
                        px.baseAddress, 1, beta, py.baseAddress, 1)
                }
            }
        }
    }

    /// `y ← α·x + y` (daxpy).
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) throws {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch("axpy: x has \(x.count), y has \(y.count)")
        }
        guard !x.isEmpty else { return }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(blasint(x.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `xᵀy` (ddot).
    public static func dot(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch("dot: x has \(x.count), y has \(y.count)")
        }
        guard !x.isEmpty else { return 0 }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in cblas_ddot(blasint(x.count), px.baseAddress, 1, py.baseAddress, 1) }
        }
    }

    /// Limits OpenBLAS's own thread pool; call with 1 when the caller already runs work on every core.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The OpenBLAS build string (for example `OpenBLAS 0.3.21 DYNAMIC_ARCH …`), proof that the binary links it.
    public static var configuration: String {
        String(cString: openblas_get_config())
    }
}
