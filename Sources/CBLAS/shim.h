// OpenBLAS's CBLAS interface and the reference LAPACKE C interface (Debian: libopenblas-dev, liblapacke-dev).
// Only the real double-precision routines are used; LAPACKE's complex ones are not imported into Swift.
#include <cblas.h>
#include <lapacke.h>
