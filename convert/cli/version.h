#define CHISO_VERSION "0.1.0"
