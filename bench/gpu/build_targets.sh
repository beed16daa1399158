# The targets a lent GPU machine builds (run_gpu.sh), and so the ones the
# CUDA compile check builds against libtorch-cuda (tools/reference/check-cuda-build.sh):
# sourced by both.
gpu_build_targets=(tunedesk-cli tunedesk-cli-engine tunedesk_engine_tests tunedesk_train_bench tunedesk_engine_bench)
