package org.styletransfer.gatys;

import java.util.Map;

/**
 * The parts of the loss at one point, as the exported graph reports them: total = content weight
 * * content + style weight * style + tv weight * tv. Content and style parts are relative errors
 * (normalised by their targets), so they are comparable across networks and image sizes.
 *
 * @param total       the loss that is minimised
 * @param content     content loss, before its weight
 * @param style       style loss (all layers, layer weights applied), before the style weight
 * @param tv          total-variation loss (mean squared neighbour difference), before its weight
 * @param styleLayers style loss per layer ("relu1_1" -> value), layer weight applied
 */
public record LossTerms(double total, double content, double style, double tv, Map<String, Double> styleLayers) {
    public LossTerms {
        styleLayers = Map.copyOf(styleLayers);
    }
}
