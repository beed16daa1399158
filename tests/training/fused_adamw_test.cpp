// The one-pass AdamW step against libtorch's AdamW: the same weights and
// state after several steps with two groups (with and without weight decay)
// and scaled gradients, and state the other can carry on from.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sstream>

#include "training/fused_adamw.h"

namespace tunedesk::training {
namespace {

struct Weights {
  std::vector<at::Tensor> decayed, plain;
  std::unique_ptr<torch::optim::AdamW> optimizer;
};

Weights make(int seed) {
  torch::manual_seed(seed);
  Weights s;
  s.decayed = {torch::randn({64, 33}).requires_grad_(), torch::randn({100000}).requires_grad_()};
  s.plain = {torch::randn({17}).requires_grad_()};
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(s.decayed, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(3e-3).betas({0.9, 0.95}).eps(1e-8).weight_decay(0.1)));
  groups.emplace_back(s.plain, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(3e-3).weight_decay(0)));
  s.optimizer = std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(3e-3));
  return s;
}

void set_gradients(Weights& s, int step) {
  torch::manual_seed(100 + step);
  for (auto* list : {&s.decayed, &s.plain})
    for (auto& p : *list) p.mutable_grad() = torch::randn(p.sizes());
}

void expect_same(const Weights& a, const Weights& b) {
  for (std::size_t i = 0; i < a.decayed.size(); ++i)
    EXPECT_TRUE(torch::allclose(a.decayed[i], b.decayed[i], 1e-5, 1e-6)) << "decayed tensor " << i;
  EXPECT_TRUE(torch::allclose(a.plain[0], b.plain[0], 1e-5, 1e-6));
}

TEST(FusedAdamW, TakesTheStepsLibtorchTakesWithClippedGradients) {
  Weights ours = make(1), theirs = make(1);
  for (int step = 0; step < 4; ++step) {
    const double scale = step == 2 ? 0.25 : 1.0;
    set_gradients(ours, step);
    set_gradients(theirs, step);
    adamw_step(*ours.optimizer, scale);
    {
      torch::NoGradGuard no_grad;
      for (auto& group : theirs.optimizer->param_groups())
        for (auto& p : group.params()) p.grad().mul_(scale);
    }
    theirs.optimizer->step();
    expect_same(ours, theirs);
  }
  // The weights moved: a step that did nothing would pass the comparison too.
  EXPECT_FALSE(torch::allclose(ours.decayed[0], make(1).decayed[0]));
}

TEST(FusedAdamW, StateSavedFromOneStepCarriesOnInTheOther) {
  Weights ours = make(2), theirs = make(2);
  for (int step = 0; step < 2; ++step) {
    set_gradients(ours, step);
    adamw_step(*ours.optimizer, 1.0);
  }
  std::stringstream saved;
  torch::save(*ours.optimizer, saved);
  {
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < ours.decayed.size(); ++i) theirs.decayed[i].copy_(ours.decayed[i]);
    theirs.plain[0].copy_(ours.plain[0]);
  }
  torch::load(*theirs.optimizer, saved);
  set_gradients(ours, 2);
  set_gradients(theirs, 2);
  adamw_step(*ours.optimizer, 1.0);
  theirs.optimizer->step();
  expect_same(ours, theirs);
}

}  // namespace
}  // namespace tunedesk::training
