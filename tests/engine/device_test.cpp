// What the engine says about the machine it computes on.
#include <gtest/gtest.h>

#include "engine/device.h"

using namespace tunedesk::engine;

// Debian installs each BLAS under its own folder and points libblas.so.3 at
// one through alternatives; these are the resolved paths.
TEST(Device, NamesTheBlasLibtorchComputesWith) {
  const std::string triplet = "/usr/lib/x86_64-linux-gnu/";
  EXPECT_EQ(blas_library({triplet + "libc.so.6", triplet + "openblas-openmp/libblas.so.3", triplet + "libgomp.so.1.0.0"}),
            "OpenBLAS");
  EXPECT_EQ(blas_library({triplet + "libopenblas.so.0"}), "OpenBLAS");
  EXPECT_EQ(blas_library({triplet + "blis-openmp/libblas.so.3"}), "BLIS");
  EXPECT_EQ(blas_library({"/opt/intel/lib/libmkl_rt.so.2"}), "MKL");
  EXPECT_EQ(blas_library({triplet + "blas/libblas.so.3", triplet + "libtorch_cpu.so.2.14"}), "reference");
  EXPECT_EQ(blas_library({triplet + "libc.so.6"}), "");
}

TEST(Device, TheRuntimeDescriptionSaysTheLibraryAndItsBlas) {
  const std::string d = runtime_description();
  EXPECT_EQ(d.rfind("libtorch ", 0), 0u) << d;
  const std::string blas = blas_library();
  if (blas == "reference") {
    EXPECT_NE(d.find("install libopenblas0-openmp"), std::string::npos) << d;
  } else if (!blas.empty()) {
    EXPECT_NE(d.find(blas), std::string::npos) << d;
  }
  // Debian's libtorch computes with OpenBLAS, which names the kernels it chose.
  if (blas == "OpenBLAS") {
    EXPECT_FALSE(blas_core().empty());
    EXPECT_NE(d.find("OpenBLAS " + blas_core()), std::string::npos) << d;
  }
}
