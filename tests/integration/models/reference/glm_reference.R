# svyglm reference values for tests/integration/models/test_glm_reference.py.
# Run: Rscript glm_reference.R  (R 4.2.2, survey 4.1.1); reads glm_data.csv, writes glm_results.csv.
suppressMessages(library(survey))
d <- read.csv("glm_data.csv", stringsAsFactors = FALSE)
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
repcols <- grep("^rep[0-9]+$", names(d))

one_stage <- svydesign(ids = ~psu, weights = ~w, data = d)
stratified <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc1, data = d)
two_stage <- svydesign(ids = ~psu + ssu, strata = ~stratum, weights = ~w,
                       fpc = ~fpc1 + fpc2, data = d)
lonely <- svydesign(ids = ~psu, strata = ~stratum_lonely, weights = ~w, data = d)
jk1 <- as.svrepdesign(one_stage, type = "JK1")
jkn <- as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                      type = "JKn")
boot <- svrepdesign(data = d, weights = ~w, repweights = d[, repcols], type = "bootstrap",
                    scale = d$boot_scale[1], rscales = rep(1, length(repcols)),
                    combined.weights = TRUE, mse = FALSE)

f_bin <- y_bin ~ x1 + x2 + female
cases <- list(
  list("one_stage_binomial", one_stage, f_bin, binomial()),
  list("one_stage_quasibinomial", one_stage, y_frac ~ x1 + x2 + female, quasibinomial()),
  list("one_stage_gaussian", one_stage, y_cont ~ x1 + x2, gaussian()),
  list("one_stage_poisson", one_stage, y_count ~ x1 + female, poisson()),
  list("stratified_binomial", stratified, f_bin, binomial()),
  list("stratified_gaussian", stratified, y_cont ~ x1 + x2 + female, gaussian()),
  list("two_stage_binomial", two_stage, f_bin, binomial()),
  list("two_stage_poisson", two_stage, y_count ~ x1 + x2, poisson()),
  list("stratified_missing_binomial", stratified, y_bin ~ x1 + x3 + x2, binomial()),
  list("stratified_domain_binomial", subset(stratified, dom == 1), f_bin, binomial()),
  list("two_stage_domain_gaussian", subset(two_stage, dom == 1), y_cont ~ x1 + x2, gaussian()),
  list("jk1_binomial", jk1, f_bin, binomial()),
  list("jk1_gaussian", jk1, y_cont ~ x1 + x2, gaussian()),
  list("jkn_binomial", jkn, f_bin, binomial()),
  list("jkn_domain_binomial", subset(jkn, dom == 1), f_bin, binomial()),
  list("bootstrap_binomial", boot, f_bin, binomial()),
  list("bootstrap_poisson_missing", boot, y_count ~ x1 + x3, poisson())
)
out <- list()
run <- function(case, lonely_policy = "fail") {
  options(survey.lonely.psu = lonely_policy)
  fit <- svyglm(case[[3]], design = case[[2]], family = case[[4]], control = ctl)
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  data.frame(case = case[[1]], term = rownames(s), coef = s[, 1], se = s[, 2],
             p = s[, 4], ci_low = ci[, 1], ci_high = ci[, 2], df_resid = fit$df.residual,
             n = length(fit$y), stringsAsFactors = FALSE)
}
for (case in cases) out[[length(out) + 1]] <- run(case)
for (policy in c("adjust", "remove", "certainty", "average")) {
  out[[length(out) + 1]] <- run(list(paste0("lonely_", policy, "_binomial"), lonely, f_bin,
                                     binomial()), policy)
}
res <- do.call(rbind, out)
write.csv(res, "glm_results.csv", row.names = FALSE)
cat(format(Sys.time()), as.character(packageVersion("survey")), "\n")

# Calibrated designs: post-stratified on x2 (population counts below), then svyglm.
pop <- data.frame(x2 = c("a", "b", "c"), Freq = c(6000, 3500, 2500))
calibrated <- list(
  list("poststratified_binomial", postStratify(stratified, ~x2, pop), f_bin, binomial()),
  list("poststratified_domain_gaussian", subset(postStratify(stratified, ~x2, pop), dom == 1),
       y_cont ~ x1 + female, gaussian())
)
cal <- do.call(rbind, lapply(calibrated, run))
write.csv(cal, "glm_results_calibrated.csv", row.names = FALSE)
