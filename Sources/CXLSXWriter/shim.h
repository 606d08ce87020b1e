// libxlsxwriter, the C library that writes Excel .xlsx files (Debian: libxlsxwriter-dev).
#include <xlsxwriter.h>
