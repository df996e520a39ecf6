//! Photo-like test images: a sky with clouds, a textured landscape, houses with
//! windows and sensor noise, from a seed. Not a photograph, but with what makes
//! encoders behave as on one: fine texture at every scale (1/f noise), sharp edges,
//! smooth gradients and grain; flat colours would flatter every encoder.

/// splitmix64: a small, well-mixed hash of one number.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Side of the table of lattice values; the noise repeats after this many cells.
const TABLE: usize = 1024;

/// Random lattice values in [0, 1), one table for all octaves (each octave reads
/// it at another offset).
struct Noise {
    table: Vec<f32>,
}

impl Noise {
    fn new(seed: u64) -> Self {
        let table = (0..TABLE * TABLE)
            .map(|i| (mix(seed ^ mix(i as u64)) >> 40) as f32 / (1u64 << 24) as f32)
            .collect();
        Noise { table }
    }

    fn at(&self, octave: usize, x: i64, y: i64) -> f32 {
        let m = TABLE as i64 - 1;
        let (x, y) = ((x + octave as i64 * 397) & m, (y + octave as i64 * 631) & m);
        self.table[y as usize * TABLE + x as usize]
    }

    /// Value noise with smooth interpolation, summed over octaves (fractal noise), in [0, 1].
    fn fbm(&self, salt: usize, x: f32, y: f32, period: f32, octaves: usize) -> f32 {
        let (mut sum, mut amp, mut norm, mut p) = (0.0, 1.0, 0.0, period);
        for o in 0..octaves {
            let (fx, fy) = (x / p, y / p);
            let (ix, iy) = (fx.floor(), fy.floor());
            let (tx, ty) = (fx - ix, fy - iy);
            let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
            let (ix, iy) = (ix as i64, iy as i64);
            let o = o + salt * 8;
            let a = self.at(o, ix, iy);
            let b = self.at(o, ix + 1, iy);
            let c = self.at(o, ix, iy + 1);
            let d = self.at(o, ix + 1, iy + 1);
            sum += (a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy) * amp;
            norm += amp;
            amp *= 0.6;
            p *= 0.5;
            if p < 1.5 {
                break;
            }
        }
        sum / norm
    }
}

fn lerp3(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

struct House {
    x0: f32,
    x1: f32,
    top: f32,
    wall: [f32; 3],
    window: f32,
}

/// An RGB image (3 bytes a pixel, rows top to bottom) of `width`×`height`.
pub(crate) fn photo(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let (w, h) = (width as f32, height as f32);
    let r =
        |i: u64| (mix(seed.wrapping_mul(31).wrapping_add(i)) >> 40) as f32 / (1u64 << 24) as f32;
    let horizon = h * (0.38 + 0.12 * r(1));
    let scale = w.max(h);
    let houses: Vec<House> = (0..(3 + (r(2) * 4.0) as u64))
        .map(|i| {
            let x0 = r(10 + i) * w * 0.9;
            House {
                x0,
                x1: x0 + w * (0.06 + 0.12 * r(20 + i)),
                top: horizon - h * (0.05 + 0.2 * r(30 + i)),
                wall: [
                    180.0 + 60.0 * r(40 + i),
                    150.0 + 60.0 * r(50 + i),
                    110.0 + 60.0 * r(60 + i),
                ],
                window: (w * (0.012 + 0.01 * r(70 + i))).max(3.0),
            }
        })
        .collect();
    let noise = Noise::new(seed);
    let fbm = |salt: u64, x: f32, y: f32, period: f32, octaves: usize| {
        noise.fbm(salt as usize % 7, x, y, period, octaves)
    };
    let mut out = vec![0u8; (width * height * 3) as usize];
    let row = |y: u32, line: &mut [u8]| {
        let fy = y as f32;
        for x in 0..width {
            let fx = x as f32;
            let detail = fbm(1, fx, fy, scale / 48.0, 8);
            let mut c = if fy < horizon + (fbm(2, fx, 0.0, scale / 6.0, 4) - 0.5) * h * 0.08 {
                let t = fy / horizon;
                let sky = lerp3(
                    [40.0, 95.0, 175.0],
                    [195.0, 212.0, 230.0],
                    t.clamp(0.0, 1.0),
                );
                let cloud = fbm(3, fx, fy * 2.2, scale / 5.0, 7);
                let k = ((cloud - 0.52) * 4.0).clamp(0.0, 1.0);
                lerp3(sky, [235.0 * (0.85 + 0.15 * detail); 3], k)
            } else {
                let field = fbm(4, fx, fy, scale / 4.0, 5);
                let grass = [70.0, 110.0, 42.0];
                let earth = [125.0, 92.0, 60.0];
                let stone = [132.0, 130.0, 124.0];
                let base = if field < 0.5 {
                    lerp3(grass, earth, (field * 2.0).powi(3))
                } else {
                    lerp3(earth, stone, ((field - 0.5) * 2.0).clamp(0.0, 1.0))
                };
                // Gravel and grass blades: texture a few pixels wide, finer towards the horizon.
                let depth = ((fy - horizon) / (h - horizon)).clamp(0.05, 1.0);
                let fine = fbm(
                    6,
                    fx,
                    fy * (1.0 + 1.5 * (1.0 - depth)),
                    3.0 + 9.0 * depth,
                    3,
                );
                let shade = (0.55 + 0.9 * detail) * (0.6 + 0.8 * fine);
                [base[0] * shade, base[1] * shade, base[2] * shade]
            };
            for house in &houses {
                if fx >= house.x0 && fx < house.x1 && fy >= house.top && fy < horizon + h * 0.05 {
                    let light = 0.8 + 0.35 * ((fx - house.x0) / (house.x1 - house.x0));
                    let grain = 0.9 + 0.2 * detail;
                    c = house.wall.map(|v| v * light * grain);
                    let cell = house.window * 2.2;
                    let (wx, wy) = ((fx - house.x0) % cell, (fy - house.top) % cell);
                    if wx > cell * 0.3 && wy > cell * 0.3 && fy < horizon {
                        let glass = 40.0 + 50.0 * fbm(5, fx, fy, cell, 3);
                        c = [glass, glass * 1.05, glass * 1.2];
                    }
                }
            }
            let vignette = {
                let (dx, dy) = (fx / w - 0.5, fy / h - 0.5);
                1.0 - 0.35 * (dx * dx + dy * dy)
            };
            let n = mix(seed ^ ((y as u64) << 32 | x as u64));
            let grain = ((n & 0xff) as f32 + ((n >> 8) & 0xff) as f32) / 510.0 - 0.5;
            for (ch, v) in c.iter().enumerate() {
                let chroma = (((n >> (16 + 8 * ch)) & 0xff) as f32 / 255.0 - 0.5) * 3.0;
                let v = v * vignette + grain * 10.0 + chroma;
                line[(x * 3) as usize + ch] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
    };
    use rayon::prelude::*;
    out.par_chunks_mut((width * 3) as usize)
        .enumerate()
        .for_each(|(y, line)| row(y as u32, line));
    out
}
