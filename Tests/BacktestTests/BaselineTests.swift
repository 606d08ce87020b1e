import Foundation
import Testing
@testable import Backtest
import TestSupport

@Suite struct BaselineTests {
    /// The GM(1,1) worked example of Liu Sifeng et al., 《灰色系统理论及其应用》 (Science Press; English:
    /// Liu & Lin, *Grey Systems: Theory and Applications*, Springer 2010), X⁰ = (2.874, 3.278, 3.337,
    /// 3.390, 3.679); the book prints a ≈ −0.0372, b ≈ 3.0653 from rounded intermediates. By hand:
    /// X¹ = (2.874, 6.152, 9.489, 12.879, 16.558); z¹ = (4.513, 7.8205, 11.184, 14.7185);
    /// BᵀB = [[Σz², −Σz], [−Σz, 4]] = [[423.2434875, −38.236], [−38.236, 4]], BᵀY = [−Σz·x⁰, Σx⁰] =
    /// [−132.953744, 13.684]; det = 1692.97395 − 1461.991696 = 230.982254;
    /// a = (4·(−132.953744) + 38.236·13.684)/det = (−531.814976 + 523.221424)/230.982254 = −0.0372044,
    /// b = (423.2434875·13.684 + 38.236·(−132.953744))/det = (5791.663884 − 5083.619356)/230.982254 = 3.0653633.
    @Test func gm11OnTheTextbookSeries() throws {
        let g = try GreyModel([2.874, 3.278, 3.337, 3.390, 3.679])
        #expect(abs(g.a - -0.0372044) < 5e-7)
        #expect(abs(g.b - 3.0653633) < 5e-7)
        // x̂⁰(2) = (x⁰(1) − b/a)(e^{−a} − 1)·… = x̂¹(2) − x̂¹(1): with b/a = −82.392534,
        // x̂¹(k+1) = 85.266534·e^{0.0372044k} − 82.392534 → x̂⁰(2) = 85.266534·(e^{0.0372044} − 1) = 3.232039.
        #expect(abs(g.value(atStep: 1) - 3.232039) < 1e-6)
        #expect(abs(g.value(atStep: 5) - 3.750656) < 1e-6) // the first forecast
        // Residuals k = 2…5: (0.045961, −0.017550, −0.091704, 0.065321); S₂ = 0.0614328 (divisor 4);
        // S₁ = 0.2586106 (divisor 5) → C = 0.237549; 0.6745·S₁ = 0.174433 exceeds every |ε − ε̄|
        // (at most 0.092211) → P = 1: grade 1 (good).
        #expect(abs(g.posteriorVarianceRatio - 0.237549) < 1e-6)
        #expect(g.smallErrorProbability == 1)
        #expect(g.grade == 1)
    }

    @Test func gm11NeedsFourPositiveValues() {
        #expect(throws: BaselineError.tooShort(model: "GM(1,1)", needed: 4, found: 3)) { try GreyModel([1, 2, 3]) }
        #expect(throws: BaselineError.notPositive(model: "GM(1,1)")) { try GreyModel([1, 2, 0, 3]) }
    }

    /// A geometric series: GM(1,1)'s restored values follow a geometric law with ratio e^{−a}.
    @Test func gm11ForecastsGrowGeometrically() throws {
        let g = try GreyModel([100, 110, 121, 133.1, 146.41])
        let r1 = g.value(atStep: 6) / g.value(atStep: 5), r2 = g.value(atStep: 7) / g.value(atStep: 6)
        #expect(abs(r1 - exp(-g.a)) < 1e-12 && abs(r2 - exp(-g.a)) < 1e-12)
        #expect(abs(r1 - 1.1) < 0.002) // the discrete-background bias of GM(1,1) is small at 10 %
    }

    /// y = (1, 3, 2, 5) at k = 0…3: k̄ = 1.5, ȳ = 2.75, Σ(k−k̄)(y−ȳ) = 5.5, Σ(k−k̄)² = 5
    /// → slope 1.1, intercept 2.75 − 1.1·1.5 = 1.1; at k = 4: 1.1 + 4.4 = 5.5.
    @Test func linearTrendIsTheClosedFormLeastSquaresLine() throws {
        let t = try TrendModel([1, 3, 2, 5], form: .linear)
        #expect(abs(t.slope - 1.1) < 1e-12 && abs(t.intercept - 1.1) < 1e-12)
        #expect(abs(t.value(atStep: 4) - 5.5) < 1e-12)
    }

    /// y = 2·1.1^k is fitted exactly: intercept ln 2, slope ln 1.1; at k = 5: 2·1.1⁵ = 3.22102.
    @Test func logLinearTrendRecoversConstantGrowth() throws {
        let t = try TrendModel([2, 2.2, 2.42, 2.662], form: .logLinear)
        #expect(abs(t.intercept - log(2)) < 1e-12 && abs(t.slope - log(1.1)) < 1e-12)
        #expect(abs(t.value(atStep: 5) - 3.22102) < 1e-10)
        #expect(throws: BaselineError.notPositive(model: "log-linear trend")) { try TrendModel([1, -1, 2], form: .logLinear) }
    }

    /// A logistic series x(k) = 10/(1 + 9e^{−k}) satisfies the Verhulst equation only approximately
    /// (discrete background values); the fitted curve still saturates near 10.
    @Test func verhulstSaturates() throws {
        let x = (0..<8).map { 10 / (1 + 9 * exp(-Double($0))) }
        let v = try GreyVerhulst(x)
        #expect(abs(v.value(atStep: 0) - x[0]) < 1e-12)
        let far = v.value(atStep: 40)
        #expect(abs(far - 10) < 1.0, "limit \(far)") // a/b, the saturation level
        #expect(abs(far - v.a / v.b) < 1e-9)
    }

    /// MAPE of forecasts (110, 90, 100) against actuals 100: (10 % + 10 % + 0 %)/3 = 6.667 %.
    @Test func mapeArithmetic() {
        let m = meanAbsolutePercentageError(forecasts: [110, 90, 100], actuals: [100, 100, 100])
        #expect(abs(m! - 20.0 / 3) < 1e-12)
        #expect(meanAbsolutePercentageError(forecasts: [1], actuals: [0]) == nil)
        #expect(meanAbsolutePercentageError(forecasts: [], actuals: []) == nil)
        // Negative actuals (a deficit) count by their magnitude: |−90 − (−100)|/100 = 10 %.
        #expect(abs(meanAbsolutePercentageError(forecasts: [-90], actuals: [-100])! - 10) < 1e-12)
    }
}
